using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>Test-Swarm's choice of checks, refused or offered before any work (the checks themselves: Lab/TestSwarmTests).</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class TestSwarmInputTests
{
    [Fact]
    public void An_unknown_check_name_is_refused_before_any_request_with_the_list_of_checks()
    {
        using var ps = SandboxSession.Open();
        foreach (var script in new[] { "Test-Swarm -Check Quorum, Quorom", "Test-Swarm -ExcludeCheck Nope" })
        {
            var r = ps.Invoke(script);
            Assert.Equal("UnknownCheck,SwarmTools.Commands.TestSwarm", Assert.Single(r.Errors).FullyQualifiedErrorId);
            Assert.Contains("Quorum, Leader, NodeStatus, Membership, Availability, SwarmPorts, Firewall, Replicas, Autolock, Certificates, DiskSpace, EngineVersion, ClockSkew", r.Errors[0].Exception.Message);
            Assert.Empty(r.Output);
        }
    }

    [Fact]
    public void Tab_completes_the_check_names()
    {
        using var ps = SandboxSession.Open();
        var r = ps.Invoke("$s = 'Test-Swarm -Check Sw'; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText");
        Assert.Equal(new[] { "SwarmPorts" }, r.Output.Select(o => o.BaseObject.ToString()));
        r = ps.Invoke("$s = 'Test-Swarm -ExcludeCheck '; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText");
        Assert.Equal(new[] { "Quorum", "Leader", "NodeStatus", "Membership", "Availability", "SwarmPorts", "Firewall", "Replicas", "Autolock", "Certificates", "DiskSpace", "EngineVersion", "ClockSkew" }, r.Output.Select(o => o.BaseObject.ToString()));
    }
}
