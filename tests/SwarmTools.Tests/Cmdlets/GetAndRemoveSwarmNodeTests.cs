using System.Management.Automation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class GetAndRemoveSwarmNodeTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static (PowerShellSession Ps, string Tag, List<SwarmNode> Nodes) Swarm(int count)
    {
        var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag();
        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count $n -SwarmTag $tag -SshKey $key", new() { ["n"] = count, ["tag"] = tag, ["key"] = Key });
        Assert.Empty(r.Errors);
        return (ps, tag, r.Output.Select(o => (SwarmNode)o.BaseObject).OrderBy(n => n.Name).ToList());
    }

    [Fact]
    public void Get_by_wildcard_name_by_tag_and_by_id()
    {
        var (ps, tag, nodes) = Swarm(3);
        using (ps)
        {
            var vars = new Dictionary<string, object?> { ["tag"] = tag, ["id"] = nodes[1].Id };
            Assert.Equal(3, ps.Invoke("Get-SwarmNode -Tag $tag", vars).Output.Count);
            Assert.Equal(new[] { "node2" }, ps.Invoke("Get-SwarmNode -SwarmTag $tag -Name *2", vars).Output.Select(o => o.Properties["Name"].Value));
            Assert.Equal("node2", ps.Invoke("Get-SwarmNode -Id $id", vars).Output.Single().Properties["Name"].Value);
        }
    }

    [Fact]
    public void Get_a_missing_name_is_a_NodeNotFound_error_but_a_wildcard_is_not()
    {
        var (ps, tag, _) = Swarm(1);
        using (ps)
        {
            var vars = new Dictionary<string, object?> { ["tag"] = tag };
            Assert.Contains("NodeNotFound,SwarmTools.Commands.GetSwarmNode", ps.Invoke("Get-SwarmNode -Tag $tag -Name nope", vars).ErrorIds);
            Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag -Name nope*", vars).Errors);
        }
    }

    [Fact]
    public async Task Remove_takes_nodes_from_the_pipeline()
    {
        var (ps, tag, _) = Swarm(2);
        using (ps)
        {
            var r = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", new() { ["tag"] = tag });
            Assert.Empty(r.Errors);
            using var api = Sandbox.Client();
            Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
        }
    }

    [Fact]
    public async Task Remove_binds_Id_by_property_name()
    {
        var (ps, tag, nodes) = Swarm(1);
        using (ps)
        {
            var r = ps.Invoke("[pscustomobject]@{ Id = $id } | Remove-SwarmNode -Force -DropletOnly", new() { ["id"] = nodes[0].Id });
            Assert.Empty(r.Errors);
            using var api = Sandbox.Client();
            Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
        }
    }

    [Fact]
    public async Task Remove_WhatIf_beats_Force_and_deletes_nothing()
    {
        var (ps, tag, nodes) = Swarm(2);
        using (ps)
        using (var control = Sandbox.Control())
        {
            var mark = await control.MarkAsync();
            var r = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly -WhatIf", new() { ["tag"] = tag });

            // It ran, and said what it would do: "no DELETE" alone is also what a cmdlet that failed would leave.
            Assert.Empty(r.Errors);
            Assert.Null(r.Terminating);
            Assert.All(nodes, n => Assert.Contains(ps.Host.Lines, l => l.StartsWith("What if:") && l.Contains(n.Name)));
            Assert.DoesNotContain(await control.RequestsSinceAsync(mark), c => c.Method == "DELETE");
        }
    }

    [Fact]
    public async Task Remove_asks_once_per_node_and_deletes_only_what_was_confirmed()
    {
        var (ps, tag, nodes) = Swarm(2);
        using (ps)
        {
            ps.Host.Answers.Enqueue(2); // node1: No
            ps.Host.Answers.Enqueue(0); // node2: Yes
            var r = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -DropletOnly", new() { ["tag"] = tag });
            Assert.Empty(r.Errors);
            Assert.Equal(2, ps.Host.Prompts.Count);
            Assert.Contains("node1", ps.Host.Prompts[0]);
            using var api = Sandbox.Client();
            Assert.Equal(new[] { "node1" }, (await api.Droplets.ListByTagAsync(tag, default)).Select(d => d.Name));
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -DropletOnly -Force", new() { ["tag"] = tag });
        }
    }

    [Fact]
    public async Task Remove_with_Force_asks_nothing_and_WhatIf_still_asks_nothing_and_deletes_nothing()
    {
        var (ps, tag, _) = Swarm(2);
        using (ps)
        {
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -DropletOnly -Force -WhatIf", new() { ["tag"] = tag });
            using var api = Sandbox.Client();
            Assert.Equal(2, (await api.Droplets.ListByTagAsync(tag, default)).Count);
            var r = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -DropletOnly -Force", new() { ["tag"] = tag });
            Assert.Empty(r.Errors);
            Assert.Empty(ps.Host.Prompts);
            Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
        }
    }

    [Fact]
    public void No_stream_carries_the_token()
    {
        var (ps, tag, nodes) = Swarm(1);
        using (ps)
        {
            var r = ps.Invoke("$DebugPreference = 'Continue'; New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key -Verbose -Debug; Get-SwarmNode -Tag $tag -Verbose -Debug | Remove-SwarmNode -Force -DropletOnly -Verbose -Debug",
                new() { ["tag"] = tag, ["key"] = Key });
            Assert.NotEmpty(r.Debug);
            Assert.Contains(r.Verbose, v => v.Contains("token from $env:DIGITALOCEAN_TOKEN"));
            Assert.DoesNotContain(Sandbox.Server.Token, r.AllText);
        }
    }
}
