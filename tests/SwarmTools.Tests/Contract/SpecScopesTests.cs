using SwarmTools.Contract;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Contract;

/// <summary>
/// The sandbox's scope table (SpecScopes.g.cs) is what DigitalOcean's OpenAPI description says,
/// never a copy of the module's own table: build.ps1 regenerates it, this checks the checked-in file.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SpecScopesTests
{
    private static string TablePath => Path.Combine(RepoPaths.Root, "src", "SwarmTools.Sandbox", "Middleware", "SpecScopes.g.cs");

    [SkippableFact]
    public void The_checked_in_table_is_the_one_the_spec_gives()
    {
        var facts = Spec.Facts;
        var expected = ScopeTable.Render(ScopeTable.Read(facts), ScopeTable.SpecVersion(facts));
        Assert.True(File.ReadAllText(TablePath) == expected,
            $"{TablePath} does not match the OpenAPI description: run `dotnet pwsh ./build.ps1 build`, which rewrites it, and commit it.");
    }

    [SkippableFact]
    public void The_table_has_the_operations_own_scopes_and_the_associated_ones()
    {
        var table = ScopeTable.Read(Spec.Facts);
        OperationScopes Op(string method, string path) => Assert.Single(table, o => o.Method == method && o.Path == path);

        Assert.Equal(["sizes:read", "regions:read"], Op("GET", "/v2/sizes").Scopes);
        Assert.Equal(["tag:read"], Assert.Single(Op("GET", "/v2/droplets").Query, q => q.Name == "tag_name").Scopes);
        var create = Op("POST", "/v2/droplets");
        Assert.Equal(["droplet:create"], create.Scopes);
        Assert.Equal(["tag:create"], Assert.Single(create.Body, b => b.Name == "tags").Scopes);
        Assert.Equal(["ssh_key:read"], Assert.Single(create.Body, b => b.Name == "ssh_keys").Scopes);
        Assert.Contains("tag:read", Op("DELETE", "/v2/droplets").Scopes); // from its description: "This endpoint requires `tag:read` scope."
        Assert.True(table.Count > 300, $"only {table.Count} operations were read");
    }
}
