using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Stacks on real lab hosts: a compose file of three services deployed on a four-node swarm converges
/// (host-mode ports and dnsrr: the lab has no IPVS), a port the firewall filters is warned about and is
/// indeed closed to a non-member, a re-deploy of the same file changes nothing and leaves every task
/// running, a bad image is named with its task and Docker's error, and a removal leaves no service,
/// task, container or network behind on any node.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(StackTests))]
public sealed class StackTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private const string Compose = """
        version: "3.8"
        services:
          web:
            image: bb:1
            command: ["httpd", "-f", "-p", "8080"]
            deploy:
              replicas: 2
              endpoint_mode: dnsrr
            ports:
              - { target: 8080, published: 8081, protocol: tcp, mode: host }
          api:
            image: bb:1
            command: ["sh", "-c", "while true; do hostname | nc -l -p 8080; done"]
            deploy:
              mode: global
              endpoint_mode: dnsrr
            ports:
              - { target: 8080, published: 8082, protocol: tcp, mode: host }
          worker:
            image: bb:1
            command: ["sleep", "100000"]
            deploy:
              replicas: 3
              endpoint_mode: dnsrr
        """;

    private const string BadImage = """
        version: "3.8"
        services:
          app:
            image: nope-not-here:1
            command: ["sleep", "100000"]
            deploy:
              endpoint_mode: dnsrr
        """;

    /// <summary>A global service publishing 8081 in host mode, which sk_web holds on two of the four nodes.</summary>
    private const string PortTaken = """
        version: "3.8"
        services:
          taken:
            image: bb:1
            command: ["sleep", "100000"]
            deploy: { mode: global, endpoint_mode: dnsrr }
            ports: [{ target: 8080, published: 8081, protocol: tcp, mode: host }]
        """;

    private const string Nowhere = """
        version: "3.8"
        services:
          nowhere:
            image: bb:1
            command: ["sleep", "100000"]
            deploy:
              endpoint_mode: dnsrr
              placement: { constraints: ["node.labels.nowhere == 1"] }
        """;

    [SkippableFact]
    public void A_stack_converges_warns_of_a_filtered_port_redeploys_as_a_no_op_names_a_bad_image_and_is_removed_without_a_trace()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("stack");
        var vars = Vars(ps, tag, Key);
        var formed = ps.Invoke("New-SwarmNode -Count 4 -Name sk | Initialize-Swarm | Set-SwarmFirewall -AllowPort 8081 -PassThru", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Leader!;
        SwarmFirewallTests.ImportBusybox(ps, vars);
        var dir = Directory.CreateTempSubdirectory("swarmtools-stack-").FullName;
        vars["compose"] = Path.Combine(dir, "compose.yml");
        File.WriteAllText((string)vars["compose"]!, Compose);
        vars["bad"] = Path.Combine(dir, "bad.yml");
        File.WriteAllText((string)vars["bad"]!, BadImage);

        // -WhatIf: names the services it would create, creates nothing.
        var whatIf = ps.Invoke("Deploy-SwarmStack -Name sk -Path $compose -ResolveImage Never -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Contains(ps.Host.Lines, l => l.Contains("create sk_api, sk_web, sk_worker") || l.Contains("create sk_web, sk_api, sk_worker"));
        Assert.Contains("StackNotFound,SwarmTools.Commands.GetSwarmService", ps.Invoke("Get-SwarmService -Stack sk", vars).ErrorIds);

        // The deploy: three services, each running its desired replicas once it returns.
        var deployed = ps.Invoke("Deploy-SwarmStack -Name sk -Path $compose -ResolveImage Never", vars);
        Assert.Empty(deployed.Errors);
        var services = deployed.Output.Select(o => (SwarmService)o.BaseObject).ToList();
        Assert.Equal(new[] { "sk_api", "sk_web", "sk_worker" }, services.Select(s => s.Name).Order());
        Assert.All(services, s => Assert.Equal(ServiceChange.Created, s.Change));
        Assert.Equal(new[] { 4, 2, 3 }, services.OrderBy(s => s.Name).Select(s => s.Desired)); // global: one per node
        Assert.All(services, s => Assert.Equal(s.Desired, s.Running));
        Assert.Contains(deployed.Progress, p => p.Contains("converged"));

        // The firewall: 8082 is filtered (warned, closed to the runner, open to a member); 8081 is allowed (no warning, open).
        var warning = Assert.Single(deployed.Warnings);
        Assert.Contains("sk_api publishes 8082/tcp", warning);
        Assert.Contains("Set-SwarmFirewall -AllowPort 8081/tcp, 8082/tcp", warning);
        var tasks = ps.Invoke("Get-SwarmService -Stack sk | Get-SwarmTask -Current", vars);
        Assert.Empty(tasks.Errors);
        var running = tasks.Output.Select(o => (SwarmTask)o.BaseObject).Where(t => t.DesiredState == "Running").ToList();
        Assert.Equal(9, running.Count(t => t.CurrentState == "Running"));
        var webNode = Node(ps, running.First(t => t.Service == "sk_web").Node, vars);
        var other = running.First(t => t.Service == "sk_api" && t.Node != webNode.Name).Node;
        Assert.True(Eventually(() => Reachability.Tcp(webNode.PublicAddress!, 8081), 20), "the allowed published port is closed to the runner (the control)");
        Assert.False(Reachability.Tcp(webNode.PublicAddress!, 8082), "a non-member reaches the filtered published port");
        Assert.True(Reaches(ps, other, webNode.PrivateAddress!, 8082, vars), "a member does not reach the filtered published port");


        // Get-SwarmStack and Get-SwarmService read the same.
        var stack = (SwarmStack)Assert.Single(ps.Invoke("Get-SwarmStack -Name sk", vars).Output).BaseObject;
        Assert.Equal((3, 3), (stack.Services, stack.Converged));
        var api = (SwarmService)Assert.Single(ps.Invoke("Get-SwarmService -Stack sk -Name sk_api", vars).Output).BaseObject;
        Assert.Equal(("global", "sk", "bb:1"), (api.Mode, api.Stack, api.Image));
        Assert.Equal(new[] { "8082->8080/tcp (host)" }, api.Ports);

        // Re-deploy of the same file: every service unchanged, said so, and every task the same one, still running.
        var again = ps.Invoke("Deploy-SwarmStack -Name sk -Path $compose -ResolveImage Never", vars);
        Assert.Empty(again.Errors);
        Assert.All(again.Output.Select(o => (SwarmService)o.BaseObject), s => Assert.Equal(ServiceChange.Unchanged, s.Change));
        Assert.Equal(3, again.Output.Count);
        Assert.Contains(again.Information, i => i.Contains("Nothing changed"));
        var after = ps.Invoke("Get-SwarmService -Stack sk | Get-SwarmTask -Current", vars).Output.Select(o => (SwarmTask)o.BaseObject)
            .Where(t => t.DesiredState == "Running").Select(t => t.Id).Order().ToList();
        Assert.Equal(running.Select(t => t.Id).Order(), after);

        // A changed file is told apart: the worker's replicas change, the others stay.
        File.WriteAllText((string)vars["compose"]!, Compose.Replace("replicas: 3", "replicas: 1"));
        var changed = ps.Invoke("Deploy-SwarmStack -Name sk -Path $compose -ResolveImage Never", vars);
        Assert.Empty(changed.Errors);
        Assert.Equal(new[] { ("sk_api", ServiceChange.Unchanged), ("sk_web", ServiceChange.Unchanged), ("sk_worker", ServiceChange.Updated) },
            changed.Output.Select(o => (SwarmService)o.BaseObject).Select(s => (s.Name, s.Change!.Value)).OrderBy(x => x.Name));
        Assert.DoesNotContain(changed.Information, i => i.Contains("Nothing changed"));

        // A bad image: the deploy fails naming the task and Docker's error, with its id.
        var bad = ps.Invoke("Deploy-SwarmStack -Name skbad -Path $bad -ResolveImage Never -Timeout 00:02:00", vars);
        Assert.Contains("StackImageUnavailable,SwarmTools.Commands.DeploySwarmStack", bad.ErrorIds);
        var message = bad.Errors.Select(e => e.Exception.Message).Concat(new[] { bad.Terminating?.Message ?? "" }).First(m => m.Contains("skbad"));
        Assert.Contains("skbad_app.1", message);
        Assert.Contains("nope-not-here:1", message);
        var failed = ps.Invoke("Get-SwarmTask -Service skbad_app", vars).Output.Select(o => (SwarmTask)o.BaseObject).ToList();
        Assert.Contains(failed, t => t.Error.Length > 0);
        Assert.Empty(ps.Invoke("Remove-SwarmStack -Name skbad -Confirm:$false", vars).Errors);

        // A host-mode port already taken, and a constraint no node meets: each named with its own id.
        foreach (var (stackName, yaml, id, task) in new[] { ("skport", PortTaken, "StackPortInUse", "skport_taken."), ("sknone", Nowhere, "StackNoSuitableNode", "sknone_nowhere.1") })
        {
            vars["file"] = Path.Combine(dir, stackName + ".yml");
            File.WriteAllText((string)vars["file"]!, yaml);
            var r = ps.Invoke($"Deploy-SwarmStack -Name {stackName} -Path $file -ResolveImage Never -Timeout 00:02:00", vars);
            Assert.Contains($"{id},SwarmTools.Commands.DeploySwarmStack", r.ErrorIds);
            Assert.Contains(task, r.Errors.Select(e => e.Exception.Message).Append(r.Terminating?.Message ?? "").First(m => m.Contains(stackName)));
            Assert.Empty(ps.Invoke($"Remove-SwarmStack -Name {stackName} -Confirm:$false", vars).Errors);
        }

        // The tasks of a node: those placed there, from docker node ps.
        var onNode = ps.Invoke($"Get-SwarmTask -Node {webNode.Name} -Current", vars).Output.Select(o => (SwarmTask)o.BaseObject).ToList();
        Assert.Contains(onNode, t => t.Service == "sk_web" && t.CurrentState == "Running");
        Assert.All(onNode, t => Assert.Equal(webNode.Name, t.Node));

        // Removal: nothing of the stack is left on any node (the same scan found its containers and network before: the control).
        const string leftovers = "docker ps -aq --filter label=com.docker.stack.namespace=sk; docker network ls -q --filter label=com.docker.stack.namespace=sk";
        Assert.All(new[] { "sk1", "sk2", "sk3", "sk4" }, n => Assert.NotEmpty(On(ps, n, leftovers, vars).Output.Trim()));
        var removed = ps.Invoke("Remove-SwarmStack -Name sk -Confirm:$false", vars);
        Assert.Empty(removed.Errors);
        Assert.Empty(ps.Invoke("Get-SwarmStack", vars).Output);
        Assert.All(new[] { "sk1", "sk2", "sk3", "sk4" }, n => Assert.Equal("", On(ps, n, leftovers, vars).Output.Trim()));
        Assert.Contains("StackNotFound,SwarmTools.Commands.RemoveSwarmStack", ps.Invoke("Remove-SwarmStack -Name sk -Confirm:$false", vars).ErrorIds);

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }

    private static SwarmNode Node(PowerShellSession ps, string name, Dictionary<string, object?> vars) =>
        (SwarmNode)ps.Invoke($"Get-SwarmNode -Tag $tag -Name {name}", vars).Output.Single().BaseObject;
}
