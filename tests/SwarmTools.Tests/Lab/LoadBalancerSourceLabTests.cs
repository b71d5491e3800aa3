using System.Text;
using System.Text.Json.Nodes;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// -AllowPort … -FromLoadBalancer on real hosts. A lab load balancer has no host, so the host layer is proven
/// from where its traffic would come from: a droplet in the VPC that is not a member gets in (the VPC range is
/// admitted), the runner outside the range does not (with the port open to anyone first as the control), and
/// ufw's rule has exactly that source. The cloud firewall's rule names the load balancer (API exchange).
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class LoadBalancerSourceLabTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableFact]
    public async Task The_port_opens_to_the_load_balancers_VPC_range_on_the_hosts_and_to_the_load_balancer_in_the_cloud()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("fwlb");
        var vars = Vars(ps, tag, Key);
        Assert.Empty(ps.Invoke("$global:swarm = New-SwarmNode -Count 1 -Name lb | Initialize-Swarm; $swarm", vars).Errors);
        var target = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $tag -Name lb1", vars).Output.Single().BaseObject;
        vars["outTag"] = tag + "-out";
        Assert.Empty(ps.Invoke("New-SwarmNode -Name lbout -Count 1 -SwarmTag $outTag", vars).Errors);
        bool NeighbourReaches(int port)
        {
            vars["cmd"] = $"timeout 3 bash -c '</dev/tcp/{target.PrivateAddress}/{port}' 2>/dev/null";
            var r = ps.Invoke("Get-SwarmNode -Tag $outTag | Invoke-SwarmCommand -Command $cmd", vars);
            Assert.Empty(r.Errors);
            return ((SwarmCommandResult)r.Output.Single().BaseObject).ExitCode == 0;
        }

        using var api = new HttpClient { BaseAddress = LabSandbox.Server.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", LabSandbox.Server.Token);
        var vpc = JsonNode.Parse(await api.GetStringAsync("v2/vpcs/" + target.VpcUuid))!["vpc"]!;
        var range = (string)vpc["ip_range"]!;
        var create = new JsonObject
        {
            ["name"] = "lb-" + tag, ["region"] = (string?)vpc["region"], ["droplet_ids"] = new JsonArray(target.Id),
            ["forwarding_rules"] = new JsonArray(new JsonObject { ["entry_protocol"] = "http", ["entry_port"] = 80, ["target_protocol"] = "http", ["target_port"] = 8080 }),
        };
        var posted = await api.PostAsync("v2/load_balancers", new StringContent(create.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(202, (int)posted.StatusCode);
        var lb = (string)JsonNode.Parse(await posted.Content.ReadAsStringAsync())!["load_balancer"]!["id"]!;
        try
        {
            Assert.Equal(0, On(ps, "lb1", "mkdir -p /tmp/www && busybox httpd -p 8080 -h /tmp/www", vars).ExitCode);
            // The control: open to anyone, the runner (outside the VPC range) gets in.
            Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort 8080/tcp", vars).Errors);
            Assert.True(Eventually(() => Reachability.Tcp(target.PublicAddress!, 8080), 5), "control: the runner does not reach 8080 open to anyone");

            var set = ps.Invoke($"$swarm | Set-SwarmFirewall -AllowPort 8080/tcp -FromLoadBalancer {lb} -Verbose", vars);
            Assert.Empty(set.Errors);
            Assert.Contains(set.Verbose, v => v.Contains(lb) && v.Contains(range) && v.Contains("does not publish"));
            var rules = On(ps, "lb1", "ufw status | grep '^8080'", vars).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(rules);
            Assert.Matches($@"^8080/tcp\s+ALLOW\s+{System.Text.RegularExpressions.Regex.Escape(range)}\s", rules[0]);
            Assert.True(NeighbourReaches(8080), "a droplet inside the load balancer's VPC range is refused on 8080");
            Assert.False(Reachability.Tcp(target.PublicAddress!, 8080), "the runner, outside the VPC range, still reaches 8080");

            // The cloud firewall names the load balancer itself, and no address.
            Assert.Empty(ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Both -AllowPort 8080/tcp -FromLoadBalancer {lb}", vars).Errors);
            var mine = JsonNode.Parse(await api.GetStringAsync("v2/firewalls"))!["firewalls"]!.AsArray()
                .Single(f => f!["tags"] is JsonArray t && t.Any(x => (string?)x == tag))!;
            var rule = mine["inbound_rules"]!.AsArray().Single(r => (string?)r!["ports"] == "8080")!;
            Assert.Equal(new[] { lb }, rule["sources"]!["load_balancer_uids"]!.AsArray().Select(a => (string?)a));
            Assert.Null(rule["sources"]!["addresses"]);
        }
        finally
        {
            await api.DeleteAsync("v2/load_balancers/" + lb);
            ps.Invoke("Get-SwarmNode -Tag $outTag | Remove-SwarmNode -Force -SwarmTag $outTag", vars);
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
        }
    }
}
