using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// The sandbox's fault table (Faults/FaultKind.cs) as the control API shows it: every kind is known by
/// its wire name, arming checks what the row says it needs, and a kind armed without a count lasts one
/// firing or until cleared as its row says.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class SandboxFaultTableTests : IDisposable
{
    private static readonly string[] Kinds =
    [
        "status", "delay", "stay-new", "create-errors", "not-found-after-create", "action-not-found-after-create",
        "key-race", "key-lookup-lag", "list-lag", "drop-answer", "cloud-init-degraded", "slow-join", "slow-delete",
        "create-untagged",
    ];

    public void Dispose()
    {
        using var control = Sandbox.Control();
        control.ClearFaultsAsync().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task An_unknown_kind_is_refused_with_every_known_kind_named()
    {
        using var control = Sandbox.Control();
        var (status, body) = await control.TryFaultAsync(new { kind = "no-such-fault" });

        Assert.Equal(422, status);
        Assert.Equal($"Unknown fault kind 'no-such-fault'. Known: {string.Join(", ", Kinds)}.", (string?)body["message"]);
    }

    [Theory]
    [InlineData("status", "status needs an HTTP status from 400 to 599.")]
    [InlineData("delay", "delayMs needs a delay from 1 to 600000 ms.")]
    [InlineData("list-lag", "delayMs needs a delay from 1 to 600000 ms.")]
    [InlineData("slow-delete", "delayMs needs a delay from 1 to 600000 ms.")]
    [InlineData("slow-join", "delayMs needs a delay from 1 to 600000 ms.")]
    [InlineData("stay-new", "stay-new needs the droplet name.")]
    [InlineData("create-errors", "create-errors needs the droplet name.")]
    [InlineData("cloud-init-degraded", "cloud-init-degraded needs the droplet name.")]
    public async Task A_kind_armed_without_what_it_needs_is_refused(string kind, string message)
    {
        using var control = Sandbox.Control();
        var (status, body) = await control.TryFaultAsync(new { kind });

        Assert.Equal(422, status);
        Assert.Equal(message, (string?)body["message"]);
    }

    [Fact]
    public async Task Slow_join_needs_the_name_as_well_as_the_delay()
    {
        using var control = Sandbox.Control();
        var (status, body) = await control.TryFaultAsync(new { kind = "slow-join", delayMs = 10 });

        Assert.Equal(422, status);
        Assert.Equal("slow-join needs the droplet name.", (string?)body["message"]);
    }

    [Theory]
    [InlineData("key-race", 1)]
    [InlineData("not-found-after-create", 1)]
    [InlineData("stay-new", null)]
    [InlineData("slow-delete", null)]
    public async Task A_kind_armed_without_a_count_lasts_as_its_row_says(string kind, int? remaining)
    {
        using var control = Sandbox.Control();
        await control.ClearFaultsAsync();
        var (status, body) = await control.TryFaultAsync(new { kind = $" {kind.ToUpperInvariant()} ", name = "fault-table-x", delayMs = 5 });

        Assert.Equal(201, status);
        Assert.Equal(kind, (string?)body["fault"]!["kind"]);
        var armed = Assert.Single(await control.FaultsAsync());
        Assert.Equal(kind, (string?)armed!["kind"]);
        Assert.Equal(remaining, (int?)armed["remaining"]);
    }
}
