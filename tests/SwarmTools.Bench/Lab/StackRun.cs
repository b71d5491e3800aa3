using System.Globalization;

namespace SwarmTools.Bench.Lab;

/// <summary>
/// Deploy-SwarmStack on the swarm the pipeline just formed: the lab test's three-service stack
/// (StackTests: host-mode ports and dnsrr, as the lab has no IPVS; an image built from busybox on
/// each node, as no registry is reachable), timed from the call until it returned with every
/// service converged; then the same file again (a no-op), and Remove-SwarmStack until nothing is left.
/// </summary>
public sealed record StackRun(int Nodes, double DeployToConverged, double Redeploy, double Remove, int Replicas)
{
    private const string Compose = """
        version: "3.8"
        services:
          web:
            image: bb:1
            command: ["httpd", "-f", "-p", "8080"]
            deploy: { replicas: 2, endpoint_mode: dnsrr }
            ports: [{ target: 8080, published: 8081, protocol: tcp, mode: host }]
          api:
            image: bb:1
            command: ["sh", "-c", "while true; do hostname | nc -l -p 8080; done"]
            deploy: { mode: global, endpoint_mode: dnsrr }
            ports: [{ target: 8080, published: 8082, protocol: tcp, mode: host }]
          worker:
            image: bb:1
            command: ["sleep", "100000"]
            deploy: { replicas: 3, endpoint_mode: dnsrr }
        """;

    private const string Import = "set -e; d=$(mktemp -d); mkdir -p $d/bin $d/tmp; cp \"$(command -v busybox)\" $d/bin/busybox; " +
                                  "for a in sh nc httpd sleep hostname; do ln -s busybox $d/bin/$a; done; tar -C $d -c . | docker import - bb:1 >/dev/null; rm -rf $d";

    public static StackRun Measure(ModuleSession session, string tag, int nodes)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("swarmtools-bench-stack-").FullName, "compose.yml");
        File.WriteAllText(path, Compose);
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["compose"] = path, ["cmd"] = Import };
        session.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd | Where-Object ExitCode -ne 0 | ForEach-Object { throw \"$($_.Node): $($_.StandardError)\" }", vars);
        var (deployed, deploy) = Scenario.Timed(session, "Deploy-SwarmStack -Name bench -Path $compose -ResolveImage Never -SwarmTag $tag", vars);
        var services = deployed.Select(o => o.BaseObject).OfType<SwarmService>().ToList();
        if (services.Count != 3 || services.Any(s => s.Running != s.Desired))
            throw new BenchFailure($"The stack did not converge on the {nodes}-node swarm: {string.Join(", ", services.Select(s => $"{s.Name} {s.Replicas}"))}.");
        var (again, redeploy) = Scenario.Timed(session, "Deploy-SwarmStack -Name bench -Path $compose -ResolveImage Never -SwarmTag $tag", vars);
        if (again.Select(o => o.BaseObject).OfType<SwarmService>().Any(s => s.Change != ServiceChange.Unchanged))
            throw new BenchFailure("The re-deploy of the same file changed a service.");
        var (_, remove) = Scenario.Timed(session, "Remove-SwarmStack -Name bench -SwarmTag $tag -Confirm:$false", vars);
        return new StackRun(nodes, deploy, redeploy, remove, services.Sum(s => s.Desired));
    }

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"stack (lab hosts): N={Nodes} replicas={Replicas} deploy-to-converged={DeployToConverged:0.0}s redeploy={Redeploy:0.0}s remove={Remove:0.0}s");
}
