using SwarmTools.Engine.Firewalls;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>Set-SwarmFirewall -From: what it cannot use is refused before anything is read or sent.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class AllowPortFromInputTests
{
    [Theory]
    [InlineData("-From 203.0.113.0/24", "FromNeedsAllowPort", "add -AllowPort")]       // alone it would do nothing
    [InlineData("-AllowPort 8080 -From '2001:db8::/32'", "Ipv6SourceUnsupported", "give IPv4")]
    [InlineData("-AllowPort 8080 -From '10.0.0.0/33'", "InvalidSource", "CIDR range")]
    public async Task A_from_the_cmdlet_cannot_use_is_refused_saying_what_to_do_and_nothing_is_made(string arguments, string id, string says)
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwfrom");
        var vars = new Dictionary<string, object?> { ["tag"] = tag };

        var r = ps.Invoke($"Set-SwarmFirewall -SwarmTag $tag -Mode Both {arguments}", vars);

        Assert.Equal(new[] { id + ",SwarmTools.Commands.SetSwarmFirewall" }, r.ErrorIds);
        Assert.Contains(says, r.Errors[0].ToString());
        Assert.DoesNotContain(await api.Firewalls.ListAsync(default), f => f.Name == CloudFirewall.NameFor(tag));
    }

    [Fact]
    public void The_control_a_valid_from_with_an_allowed_port_gets_past_the_checks()
    {
        using var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag("fwfrom");
        // There is no swarm under the tag, so it fails later: but not on -From.
        var ids = ps.Invoke("Set-SwarmFirewall -SwarmTag $tag -Mode Both -AllowPort 8080 -From 203.0.113.0/24, 198.51.100.7", new() { ["tag"] = tag }).ErrorIds;
        Assert.NotEmpty(ids);
        Assert.DoesNotContain(ids, i => i.StartsWith("FromNeedsAllowPort") || i.StartsWith("Ipv6SourceUnsupported") || i.StartsWith("InvalidSource"));
    }
}
