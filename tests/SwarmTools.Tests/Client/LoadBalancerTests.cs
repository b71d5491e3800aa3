using System.Text.Json;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// The sandbox's /v2/load_balancers, as the spec describes it, and a cloud firewall that names a load
/// balancer as a source: one the account has is taken and read back, an unknown one is refused.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class LoadBalancerTests
{
    internal static async Task<LoadBalancer> CreateAsync(DigitalOceanClient api, string region, IEnumerable<long> dropletIds) =>
        await api.Connection.PostAsync<LoadBalancer>("v2/load_balancers", new
        {
            name = "lb-test",
            region,
            droplet_ids = dropletIds,
            forwarding_rules = new[] { new { entry_protocol = "http", entry_port = 80, target_protocol = "http", target_port = 8080 } },
        }, "load_balancer", default);

    [Fact]
    public async Task A_load_balancer_is_created_read_listed_and_deleted_in_its_regions_VPC()
    {
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("lb");
        var droplet = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "lbtarget" }), default);
        try
        {
            var created = await CreateAsync(api, "nyc3", droplet.Droplets.Select(d => d.Id));
            Assert.Equal("new", created.Status);
            var read = await api.LoadBalancers.FindAsync(created.Id, default);
            Assert.NotNull(read);
            Assert.Equal("active", read!.Status);
            Assert.Equal((await api.Vpcs.ListAsync(default)).Single(v => v.Region == "nyc3" && v.Default).Id, read.VpcUuid);
            Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", read.Ip);
            Assert.Contains(await api.LoadBalancers.ListAsync(default), l => l.Id == created.Id);

            await api.Connection.DeleteAsync("v2/load_balancers/" + created.Id, default);
            Assert.Null(await api.LoadBalancers.FindAsync(created.Id, default));
            var again = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Connection.DeleteAsync("v2/load_balancers/" + created.Id, default));
            Assert.Equal(404, again.StatusCode);
        }
        finally { await Sandbox.DeleteByTagOnceCreatedAsync(api, tag); }
    }

    [Theory]
    [InlineData("""{"region":"nyc3","forwarding_rules":[{"entry_protocol":"http","entry_port":80,"target_protocol":"http","target_port":80}]}""", "need to provide either a tag or a list of droplets")]
    [InlineData("""{"region":"nyc3","tag":"web","forwarding_rules":[]}""", "forwarding_rules")]
    [InlineData("""{"region":"xx9","tag":"web","forwarding_rules":[{"entry_protocol":"http","entry_port":80,"target_protocol":"http","target_port":80}]}""", "region")]
    [InlineData("""{"region":"nyc3","tag":"web","forwarding_rules":[{"entry_protocol":"udp","entry_port":53,"target_protocol":"tcp","target_port":53}]}""", "udp goes to udp")]
    [InlineData("""{"region":"nyc3","droplet_ids":[1],"forwarding_rules":[{"entry_protocol":"http","entry_port":80,"target_protocol":"http","target_port":80}]}""", "do not exist")]
    public async Task What_the_spec_or_the_service_refuses_is_a_422(string body, string says)
    {
        using var api = Sandbox.Client();
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Connection.PostAsync("v2/load_balancers", JsonDocument.Parse(body).RootElement, default));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains(says, e.ApiMessage);
    }

    [Fact]
    public async Task A_firewall_takes_a_load_balancer_the_account_has_as_a_source_and_refuses_an_unknown_one()
    {
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("lbfw");
        var droplet = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "lbfw" }), default);
        var lb = await CreateAsync(api, "nyc3", droplet.Droplets.Select(d => d.Id));
        Firewall With(string uid) => new()
        {
            Name = "fw-lb",
            InboundRules = new() { new() { Protocol = "tcp", Ports = "80", Sources = new() { LoadBalancerUids = new() { uid } } } },
        };
        try
        {
            var unknown = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Firewalls.CreateAsync(With(Guid.NewGuid().ToString()), default));
            Assert.Equal(400, unknown.StatusCode);
            Assert.Contains("load_balancer_uids", unknown.ApiMessage);

            var created = await api.Firewalls.CreateAsync(With(lb.Id), default); // the control: a real one is taken
            try { Assert.Equal(new[] { lb.Id }, (await api.Firewalls.FindAsync(created.Id!, default))!.InboundRules.Single().Sources.LoadBalancerUids); }
            finally { await api.Firewalls.DeleteAsync(created.Id!, default); }
        }
        finally
        {
            await api.Connection.DeleteAsync("v2/load_balancers/" + lb.Id, default);
            await Sandbox.DeleteByTagOnceCreatedAsync(api, tag);
        }
    }
}
