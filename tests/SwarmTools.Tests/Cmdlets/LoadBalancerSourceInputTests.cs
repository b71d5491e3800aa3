using SwarmTools.Tests.Client;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Set-SwarmFirewall -FromLoadBalancer: a load balancer that is not there, not an id, or outside the swarm's VPC
/// is refused with its own error id before anything changes; one in the swarm's VPC gets past the checks.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class LoadBalancerSourceInputTests
{
    [Theory]
    [InlineData("-AllowPort 80/tcp -FromLoadBalancer 4de7ac8b-495b-4884-9a69-1050c6793cd6", "LoadBalancerNotFound", "does not exist")]
    [InlineData("-AllowPort 80/tcp -FromLoadBalancer my-lb", "LoadBalancerNotFound", "not a load balancer id")]
    [InlineData("-FromLoadBalancer 4de7ac8b-495b-4884-9a69-1050c6793cd6", "FromNeedsAllowPort", "add -AllowPort")]
    public async Task A_load_balancer_the_cmdlet_cannot_use_is_refused_saying_what_to_do_and_nothing_is_made(string arguments, string id, string says)
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwlb");
        await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "lbin" }), default);
        await Sandbox.WaitCreatedAsync(api, tag); // a swarm of droplets that are up: what is refused is the load balancer
        try
        {
            foreach (var mode in new[] { "Ufw", "Both" })
            {
                var r = ps.Invoke($"Set-SwarmFirewall -SwarmTag $tag -Mode {mode} {arguments}", new() { ["tag"] = tag });
                Assert.Equal(new[] { id + ",SwarmTools.Commands.SetSwarmFirewall" }, r.ErrorIds);
                Assert.Contains(says, r.Errors[0].ToString());
                Assert.Contains("Nothing was changed", r.Errors[0].ToString());
            }
            Assert.DoesNotContain(await api.Firewalls.ListAsync(default), f => f.Name == CloudFirewall.NameFor(tag));
        }
        finally { await Sandbox.DeleteByTagOnceCreatedAsync(api, tag); }
    }

    [Fact]
    public async Task A_load_balancer_outside_the_swarms_VPC_is_refused_and_one_inside_gets_past_the_checks()
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwlb");
        var swarm = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "lbvpc" }), default); // nyc3
        var otherTag = Sandbox.UniqueTag("fwlbo");
        var elsewhere = await api.Droplets.CreateAsync(new() { Names = new() { "lbelse" }, Region = "fra1", Size = "s-1vcpu-1gb", Image = "docker-24-04", Tags = new() { otherTag } }, default);
        var outside = await LoadBalancerTests.CreateAsync(api, "fra1", elsewhere.Droplets.Select(d => d.Id));
        var inside = await LoadBalancerTests.CreateAsync(api, "nyc3", swarm.Droplets.Select(d => d.Id));
        var vars = new Dictionary<string, object?> { ["tag"] = tag };
        await Sandbox.WaitCreatedAsync(api, tag);
        try
        {
            var refused = ps.Invoke($"Set-SwarmFirewall -SwarmTag $tag -Mode Both -AllowPort 80/tcp -FromLoadBalancer {outside.Id}", vars);
            Assert.Equal(new[] { "LoadBalancerOutsideSwarmVpc,SwarmTools.Commands.SetSwarmFirewall" }, refused.ErrorIds);
            Assert.Contains("lbvpc", refused.Errors[0].ToString());
            Assert.Contains("forwards only to droplets in its own VPC", refused.Errors[0].ToString());
            Assert.DoesNotContain(await api.Firewalls.ListAsync(default), f => f.Name == CloudFirewall.NameFor(tag));

            // The control: in the swarm's VPC it passes the checks (and fails later: API-only droplets have no host to reach).
            var passed = ps.Invoke($"Set-SwarmFirewall -SwarmTag $tag -Mode Both -AllowPort 80/tcp -FromLoadBalancer {inside.Id.ToUpperInvariant()} -Verbose", vars);
            Assert.NotEmpty(passed.ErrorIds);
            Assert.DoesNotContain(passed.ErrorIds, i => i.StartsWith("LoadBalancer") || i.StartsWith("FromNeedsAllowPort"));
            var range = (await api.Vpcs.FindAsync(inside.VpcUuid!, default))!.IpRange;
            Assert.Contains(passed.Verbose, v => v.Contains(inside.Id) && v.Contains(range) && v.Contains("does not publish"));
        }
        finally
        {
            await api.Connection.DeleteAsync("v2/load_balancers/" + outside.Id, default);
            await api.Connection.DeleteAsync("v2/load_balancers/" + inside.Id, default);
            await Sandbox.DeleteByTagOnceCreatedAsync(api, tag);
            await Sandbox.DeleteByTagOnceCreatedAsync(api, otherTag);
        }
    }
}
