using SwarmTools.Contract;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Contract;

/// <summary>
/// Runs last (see ContractLastOrderer): every request the client sent to the shared sandbox
/// during the suite, and every answer the sandbox gave, must validate against DigitalOcean's
/// own OpenAPI description.
/// </summary>
[Collection(ContractLastOrderer.LastCollection)]
public sealed class OpenApiContractTests
{
    private static readonly Lazy<OpenApiContract> Spec = new(() => OpenApiContract.Load(Requirements.OpenApiSpec()));

    [SkippableFact]
    public async Task Every_exchange_of_the_suite_matches_the_OpenAPI_description()
    {
        using var control = Sandbox.Control();
        var exchanges = await control.RequestsAsync();
        Assert.True(exchanges.Count > 100, $"only {exchanges.Count} exchanges were logged: did the suite run against the sandbox?");

        // Requests the suite sent wrong on purpose (a bad name, 11 names) were refused with a 4xx:
        // only requests the sandbox accepted must match the spec; every answer must, always.
        var violations = exchanges
            .SelectMany(e => (e.Status < 400 ? Spec.Value.ValidateRequest(e.Method, e.Path, e.Query.TrimStart('?'), e.RequestBody) : [])
                .Concat(Spec.Value.ValidateResponse(e.Method, e.Path, e.Status, e.ResponseBody)))
            .Distinct()
            .ToList();

        Assert.True(violations.Count == 0, $"{violations.Count} contract violations:\n" + string.Join("\n", violations.Take(60)));
    }

    [SkippableFact]
    public void The_validator_catches_a_broken_answer()
    {
        // Guards the test above against a validator that accepts anything.
        var broken = """{"droplets":[{"id":"not-a-number","name":"x"}],"links":{},"meta":{"total":1}}""";
        Assert.NotEmpty(Spec.Value.ValidateResponse("GET", "/v2/droplets", 200, broken));
        Assert.NotEmpty(Spec.Value.ValidateRequest("GET", "/v2/no-such-thing", null, null));
    }
}
