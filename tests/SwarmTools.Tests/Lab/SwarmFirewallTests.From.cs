using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Lab.SwarmFirewallTests;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// -AllowPort … -From: an allowed port answers only the sources named, on the host (ufw) and for a
/// port a container publishes (the module's DOCKER-USER chain); with -Mode Cloud the cloud firewall's
/// rule names them too. Probed from the runner and from a VPC neighbour that is not a member.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.CloudFirewalls)]
public sealed class SwarmFirewallFromTests
{
    [SkippableFact]
    public async Task AllowPort_From_opens_the_port_to_those_sources_only_on_the_host_for_published_ports_and_in_the_cloud()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("fwfrom");
        var vars = Vars(ps, tag);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 1 -Name from | Initialize-Swarm; $swarm", vars);
        Assert.Empty(formed.Errors);
        var target = Node(ps, "from1", vars);
        // A droplet in the same VPC that is not a member.
        vars["outTag"] = tag + "-out";
        Assert.Empty(ps.Invoke("New-SwarmNode -Name fromout -Count 1 -SwarmTag $outTag", vars).Errors);
        bool NeighbourReaches(int port)
        {
            vars["cmd"] = $"timeout 3 bash -c '</dev/tcp/{target.PrivateAddress}/{port}' 2>/dev/null";
            var r = ps.Invoke("Get-SwarmNode -Tag $outTag | Invoke-SwarmCommand -Command $cmd", vars);
            Assert.Empty(r.Errors);
            return ((SwarmCommandResult)r.Output.Single().BaseObject).ExitCode == 0;
        }
        var neighbour = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $outTag", vars).Output.Single().BaseObject;

        // 8080 on the host (behind the image's ufw), 8081 published by a container (DOCKER-USER: it answers anyone before the firewall).
        Listen(ps, "from1", 8080, vars);
        ImportBusybox(ps, vars);
        var create = On(ps, "from1", "docker service create -d --quiet --name p8081 --mode global --publish mode=host,published=8081,target=8080 " +
            "--no-resolve-image bb:1 sh -c 'while true; do hostname | nc -l -p 8080; done'", vars);
        Assert.True(create.ExitCode == 0, create.Error);
        // The task's nc answers one connection at a time: each side is asked a few times before it counts as shut out.
        static bool Sleep() { Thread.Sleep(300); return true; }
        bool RunnerGetsIn(int port) => Enumerable.Range(0, 5).Any(i => (i == 0 || Sleep()) && Reachability.Tcp(target.PublicAddress!, port));
        bool NeighbourGetsIn(int port) => Enumerable.Range(0, 3).Any(i => (i == 0 || Sleep()) && NeighbourReaches(port));
        Assert.True(Enumerable.Range(0, 90).Any(i => RunnerGetsIn(8081) || !Sleep()), "control: the published port answers before the firewall");
        Assert.True(NeighbourGetsIn(8081), "control: the neighbour reaches the published port before the firewall");

        // -WhatIf lists the scoped rule and changes nothing.
        var whatIf = ps.Invoke($"$swarm | Set-SwarmFirewall -AllowPort 8080/tcp, 8081/tcp -From {Runner}/32 -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Contains(ps.Host.Lines, l => l.Contains("\"from1\"") && l.Contains($"allow 8080/tcp from {Runner}"));
        Assert.True(NeighbourGetsIn(8081), "-WhatIf changed the firewall");

        // From the runner only: the runner gets in, the VPC neighbour does not.
        var set = ps.Invoke($"$swarm | Set-SwarmFirewall -AllowPort 8080/tcp, 8081/tcp -From {Runner}/32", vars);
        Assert.Empty(set.Errors);
        Assert.True(RunnerGetsIn(8080), "the runner (in -From) does not reach 8080 on the host");
        Assert.True(RunnerGetsIn(8081), "the runner (in -From) does not reach the published 8081");
        Assert.False(NeighbourGetsIn(8080), "a VPC neighbour not in -From reaches 8080 on the host");
        Assert.False(NeighbourGetsIn(8081), "a VPC neighbour not in -From reaches the published 8081");

        // A re-run changes nothing.
        var again = ps.Invoke($"$swarm | Set-SwarmFirewall -AllowPort 8080/tcp, 8081/tcp -From {Runner}/32 -Verbose", vars);
        Assert.Empty(again.Errors);
        Assert.Equal("", Changes(again));

        // Another source: the neighbour only. Now it gets in (the probe can succeed) and the runner does not.
        Assert.Empty(ps.Invoke($"$swarm | Set-SwarmFirewall -AllowPort 8080/tcp, 8081/tcp -From {neighbour.PrivateAddress}", vars).Errors);
        Assert.True(NeighbourGetsIn(8080) && NeighbourGetsIn(8081), "the neighbour, now in -From, does not reach both ports");
        Assert.False(RunnerGetsIn(8080), "the runner, no longer in -From, reaches 8080 on the host");
        Assert.False(RunnerGetsIn(8081), "the runner, no longer in -From, reaches the published 8081");

        // The cloud firewall: its rule names -From, and (ufw still admitting the neighbour: the switch's question answered no) the cloud layer alone now refuses it.
        ps.Host.Answers.Enqueue(1);
        var cloud = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -AllowPort 8080/tcp -From {Runner}", vars);
        Assert.Empty(cloud.Errors);
        Assert.Contains(cloud.Warnings, w => w.Contains("host firewall was left"));
        using var api = new HttpClient { BaseAddress = LabSandbox.Server.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", LabSandbox.Server.Token);
        var firewalls = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync("v2/firewalls"))!["firewalls"]!.AsArray();
        var mine = firewalls.Single(f => f!["tags"] is System.Text.Json.Nodes.JsonArray t && t.Any(x => (string?)x == tag))!;
        var rule = mine["inbound_rules"]!.AsArray().Single(r => (string?)r!["ports"] == "8080")!;
        Assert.Equal(new[] { Runner }, rule["sources"]!["addresses"]!.AsArray().Select(a => (string?)a));
        // (The sandbox applies a cloud firewall to its hosts shortly after the API answers.)
        Assert.True(Enumerable.Range(0, 10).Any(i => (i == 0 || Sleep()) && !NeighbourReaches(8080)), "the cloud firewall's -From does not keep the neighbour out of 8080");

        ps.Invoke("Get-SwarmNode -Tag $outTag | Remove-SwarmNode -Force -SwarmTag $outTag", vars);
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
