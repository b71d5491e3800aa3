using System.Text.Json.Nodes;
using SwarmTools.Bench.Lab;
using SwarmTools.Engine.LocalSandbox;

namespace SwarmTools.Bench.Scale;

/// <summary>
/// The lab benchmark's pipeline at N = 50, 100, 250 against the sandbox in API-only mode (its own
/// boot time, droplet limit and DigitalOcean's 250 requests per minute), with every command on a
/// node answered by a <see cref="SimulatedHost"/> at the lab's measured times.
/// </summary>
public sealed class ScaleBench(BenchSetup setup, BootProfile boot, CommandTimes times, string traceFolder, Action<string> say)
{
    private readonly CommandTrace _trace = new();
    private readonly Dictionary<long, DateTime> _activeAt = new();

    public List<ScaleRun> Run(IReadOnlyList<int> sizes)
    {
        using var server = SandboxServer.StartAsync(setup.SandboxDll, new SandboxLaunchOptions
        {
            ApiOnly = true,
            BootSeconds = boot.BootSeconds,
            DropletLimit = LabBench.ManagerCount + sizes.Count + sizes.Sum(),
            RatePerMinute = 250,
        }, TimeSpan.FromMinutes(2), CancellationToken.None).GetAwaiter().GetResult();
        using var log = new SandboxLog(server);
        using var session = setup.OpenSession(server);
        var cloud = new SimulatedCloud(times, id => ActiveAt(log, id), _trace);
        session.UseConnector(cloud);
        // Spares for the steps timed alone, as the lab's sequential walkthrough times them: an init
        // and the manager joins once (they do not grow with N), a worker join and a firewall per N.
        session.Invoke("$spare = @{}; New-SwarmNode -Name spare -Count $n -SwarmTag bench-spares -SshKey $key | ForEach-Object { $spare[[int]($_.Name -replace 'spare')] = $_ }",
            new Dictionary<string, object?> { ["n"] = LabBench.ManagerCount + sizes.Count, ["key"] = setup.PublicKey });
        var init = Scenario.Timed(session, "$null = Initialize-Swarm -InputObject $spare[1] -ManagerCount 1 -SwarmTag bench-spares").Seconds;
        var managers = Enumerable.Range(2, LabBench.ManagerCount - 1).Select(i => Scenario.Timed(session,
            "$null = Join-SwarmNode -InputObject $spare[$i] -Manager $spare[1] -Role Manager -SwarmTag bench-spares",
            new Dictionary<string, object?> { ["i"] = i }).Seconds).ToList();
        var nextSpare = LabBench.ManagerCount + 1;

        var runs = new List<ScaleRun>();
        foreach (var n in sizes)
        {
            var tag = $"bench-scale{n}";
            log.ClearRequestsAsync().GetAwaiter().GetResult();
            _trace.Clear();
            var start = DateTime.UtcNow;
            // -Count stops at 100 (a guard against a typo); more nodes are named.
            var (output, seconds) = Scenario.Timed(session,
                "$swarm = New-SwarmNode -Name (1..$n | ForEach-Object { \"node$_\" }) -SwarmTag $tag -SshKey $key | Initialize-Swarm -ManagerCount $managers -SwarmTag $tag | Set-SwarmFirewall -SwarmTag $tag -PassThru; $swarm",
                new Dictionary<string, object?> { ["n"] = n, ["tag"] = tag, ["key"] = setup.PublicKey, ["managers"] = LabBench.ManagerCount });
            var swarm = Scenario.CheckSwarm(output, n, LabBench.ManagerCount);
            var requests = log.RequestsAsync().GetAwaiter().GetResult();
            var hosts = cloud.Hosts.Where(h => swarm.Nodes.Any(d => d.Id == h.Id)).ToList();
            if (hosts.Count != n) throw new BenchFailure($"{hosts.Count} simulated hosts found for {n} nodes.");
            var commands = _trace.Commands;
            var connects = _trace.Connects;
            // The swarm keeps its firewall policy by now: the spare's join applies it, and its firewall step finds it in place.
            // The two together are one worker join and one node's firewall round.
            var vars = new Dictionary<string, object?> { ["i"] = nextSpare++, ["tag"] = tag };
            var worker = Scenario.Timed(session, "$null = Join-SwarmNode -InputObject $spare[$i] -Swarm $swarm -Role Worker -SwarmTag $tag", vars).Seconds;
            var firewall = Scenario.Timed(session,
                "Set-SwarmFirewall -InputObject $spare[$i] -Manager ($swarm.Nodes | Where-Object Name -eq $swarm.Leader) -SwarmTag $tag", vars).Seconds;
            log.DeleteTaggedAsync(tag).GetAwaiter().GetResult();
            var ideal = new IdealPath(hosts.Max(h => (h.BootDone - start).TotalSeconds), times.HostKey.For(0).TotalSeconds, init, managers, worker, firewall);
            var run = new ScaleRun(n, seconds, start, hosts.Select(h => h.BootDone).ToList(), requests, hosts.Sum(h => h.Connections) / (double)n,
                commands, swarm, ideal);
            CommandTrace.Write(Path.Combine(traceFolder, $"scale-{n}.tsv"), start, commands, connects);
            say($"  N={n}: ideal {run.IdealPath.Describe()}");
            say($"  N={n}: {run.Timeline.Describe()}");
            runs.Add(run);
        }
        return runs;
    }

    /// <summary>A droplet turns active its boot time after its create request (the sandbox's journal has the request).</summary>
    private DateTime ActiveAt(SandboxLog log, long id)
    {
        lock (_activeAt)
        {
            if (!_activeAt.ContainsKey(id))
                foreach (var create in log.RequestsAsync().GetAwaiter().GetResult().Where(r => r.IsCreate && r.Status == 202 && r.ResponseBody != null))
                    foreach (var droplet in JsonNode.Parse(create.ResponseBody!)!["droplets"]!.AsArray())
                        _activeAt[(long)droplet!["id"]!] = create.At.AddSeconds(boot.BootSeconds);
            return _activeAt.TryGetValue(id, out var at) ? at : throw new BenchFailure($"No create request found for droplet {id}.");
        }
    }
}
