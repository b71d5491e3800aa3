using System.Globalization;
using System.Text;
using SwarmTools.Bench.Lab;
using SwarmTools.Bench.Scale;

namespace SwarmTools.Bench;

/// <summary>out/bench/report.md: what docs/benchmarks.md quotes.</summary>
public sealed class Report(BootProfile boot)
{
    private readonly List<string> _notes = new();
    private readonly StringBuilder _s = new();
    private readonly DateTime _started = DateTime.UtcNow;

    public List<TimeToSwarm> Lab { get; } = new();
    public List<ScaleRun> Scale { get; } = new();
    public List<HealthRun> Health { get; } = new();
    public List<StackRun> Stacks { get; } = new();
    public List<MaintenanceRun> Maintenance { get; } = new();
    public CommandTimes? Times { get; set; }

    public void Note(string note) => _notes.Add(note);

    public void Write(string path)
    {
        var s = _s.Clear();
        void L(FormattableString line = default!) => s.AppendLine(line is null ? "" : line.ToString(CultureInfo.InvariantCulture));
        L($"# SwarmTools benchmark");
        L();
        L($"Measured {_started:yyyy-MM-dd HH:mm} UTC on {Machine()}, in {(DateTime.UtcNow - _started).TotalMinutes:0} min. Lab: {boot}.");
        foreach (var n in _notes) L($"{n}");
        L();
        if (Lab.Count > 0)
        {
            L($"## Time to a swarm on lab hosts");
            L();
            L($"`New-SwarmNode -Count N | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall`. The ideal is the slowest host's boot-to-ready (by the host's own log) plus its own host key (New-SwarmNode's last step) plus the init, the manager joins one after another, one round of worker joins (the longest worker join) and the firewall round, each as long as that step took alone (one cmdlet, one node) in the sequential walkthrough of the same benchmark run. The sequential walkthrough runs the same cmdlets one node at a time, for real.");
            L();
            L($"| N | seconds | ideal | ratio to ideal (aim ≤ 1.10) | sequential walkthrough | speedup (aim ≥ 0.8 × N) | API requests | SSH connections per node |");
            L($"|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in Lab)
                L($"| {r.Nodes} | {r.Pipeline.Seconds:0.0} | {r.Ideal:0.0} | {r.RatioToIdeal:0.00} | {r.Sequential.Seconds:0.0} | {r.SpeedupVsSequential:0.0} (aim {0.8 * r.Nodes:0.0}) | {r.Pipeline.Requests.Count} | {r.Pipeline.SshConnectionsPerNode:0.##} (max {r.Pipeline.MaxSshConnections}) |");
            L();
            L($"The ideal's parts, in seconds:");
            L();
            Parts(Lab.Select(r => (r.Nodes, r.IdealPath)));
            L();
            L($"The sequential walkthrough, in seconds: each create waits for its droplet to be ready before the next.");
            L();
            L($"| N | creates (each) | init | joins (each) | firewalls (each) |");
            L($"|---:|---|---:|---|---|");
            foreach (var r in Lab)
            {
                var q = r.Sequential;
                L($"| {r.Nodes} | {q.Creates.Sum():0.0} ({Range(q.Creates)}) | {q.Init:0.0} | {q.ManagerJoins.Sum() + q.WorkerJoins.Sum():0.0} ({Range(q.ManagerJoins.Concat(q.WorkerJoins))}) | {q.Firewalls.Sum():0.0} ({Range(q.Firewalls)}) |");
            }
            L();
            L($"Where the pipeline's time went (seconds from the command):");
            L();
            foreach (var r in Lab) L($"- N={r.Nodes}: {r.Pipeline.Timeline.Describe()}");
            L();
            L($"API requests (from the sandbox's journal):");
            L();
            foreach (var r in Lab) L($"- N={r.Nodes}: {Economy.Of(r.Nodes, r.Pipeline.Requests).Describe(r.Pipeline.SlowestBootToReady)}");
            L();
            L($"## Teardown");
            L();
            L($"| N | one worker, safe order | the rest of the swarm (`Get-SwarmNode \\| Remove-SwarmNode -Force`) | the API's own delete (one `DELETE /v2/droplets?tag_name=` of the walkthrough's N droplets) | whole swarm over the API |");
            L($"|---:|---:|---:|---:|---:|");
            foreach (var r in Lab)
                L($"| {r.Nodes} | {(r.Teardown.OneWorker is double w ? w.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "–")} | {r.Teardown.WholeSwarm:0.0} s ({r.Teardown.WholeSwarmNodes} nodes) | {r.Teardown.ApiDelete:0.0} s | {r.Teardown.WholeSwarm - r.Teardown.ApiDelete:+0.0;-0.0} s |");
            L();
        }
        if (Health.Count > 0)
        {
            L($"## Test-Swarm on lab hosts");
            L();
            L($"`Test-Swarm` right after each pipeline formed its swarm: every check, with the swarm ports probed from each member over its own SSH session (sessions the pipeline opened are reused, as in one PowerShell session).");
            L();
            L($"| N | seconds | findings | not passed |");
            L($"|---:|---:|---:|---|");
            foreach (var h in Health) L($"| {h.Nodes} | {h.Seconds:0.0} | {h.Findings} | {(h.NotPassed.Count == 0 ? "none" : string.Join("; ", h.NotPassed))} |");
            L();
        }
        if (Stacks.Count > 0)
        {
            L($"## A stack on lab hosts");
            L();
            L($"`Deploy-SwarmStack` of the lab test's three services (2 replicas with a host-mode port, a global service, 3 replicas; an image built from busybox on each node) on each pipeline's swarm, timed until it returned with every replica running; the same file again (a no-op); `Remove-SwarmStack` until no service, task, container or network of it is left on any node.");
            L();
            L($"| N | replicas | deploy to converged | re-deploy (no-op) | remove |");
            L($"|---:|---:|---:|---:|---:|");
            foreach (var k in Stacks) L($"| {k.Nodes} | {k.Replicas} | {k.DeployToConverged:0.0} s | {k.Redeploy:0.0} s | {k.Remove:0.0} s |");
            L();
        }
        if (Maintenance.Count > 0)
        {
            L($"## Invoke-SwarmMaintenance on lab hosts");
            L();
            L($"`Invoke-SwarmMaintenance -Command 'true' -Reboot -Force` after Test-Swarm: one node at a time, each rebooted through the droplet reboot action. Seconds per node against the sum of its steps (each step's time includes labelling the node with its next step; the rest is the run's own work between steps), and each step's mean.");
            L();
            L($"| N | seconds | per node | sum of steps | {string.Join(" | ", Maintenance[0].Steps.Select(s => s.Step))} |");
            L($"|---:|---:|---:|---:|{string.Concat(Maintenance[0].Steps.Select(_ => "---:|"))}");
            foreach (var m in Maintenance) L($"| {m.Nodes} | {m.Seconds:0.0} | {m.PerNode:0.0} | {m.StepsPerNode:0.0} | {string.Join(" | ", m.Steps.Select(s => s.Mean.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} |");
            L();
        }
        if (Scale.Count > 0)
        {
            L($"## At scale: API-only droplets, simulated hosts");
            L();
            L($"The same pipeline; every command on a node is answered below the IRemoteShell seam by a simulated host that takes the lab's measured time. The sandbox enforces DigitalOcean's 250 requests per minute.");
            L();
            L($"| N | seconds | ideal | ratio to ideal | API requests | peak requests in a minute (limit 250) | 429s | SSH connections per node |");
            L($"|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in Scale)
                L($"| {r.Nodes} | {r.Seconds:0.0} | {r.Ideal:0.0} | {r.RatioToIdeal:0.00} | {r.Requests.Count} | {r.PeakRequestsPerMinute} | {r.TooManyRequests} | {r.SshConnectionsPerNode:0.##} |");
            L();
            L($"The ideal's parts, in seconds:");
            L();
            Parts(Scale.Select(r => (r.Nodes, r.IdealPath)));
            L();
            L($"Where the time went (seconds from the command):");
            L();
            foreach (var r in Scale) L($"- N={r.Nodes}: {r.Timeline.Describe()}");
            L();
            foreach (var r in Scale) L($"- N={r.Nodes}: {Economy.Of(r.Nodes, r.Requests).Describe(r.SlowestBootToReady)}");
            L();
        }
        var times = Times ?? CommandTimes.Recorded;
        L($"## Per-command times the simulated hosts take{(Times is null ? " (recorded from an earlier lab run)" : " (this run's lab)")}");
        L();
        s.Append(times.Describe());
        L();
        L($"## The lines");
        L();
        L($"```text");
        foreach (var r in Lab) L($"{r.Line}");
        foreach (var r in Lab) L($"{r.Teardown.Line}");
        foreach (var r in Scale) L($"{r.Line}");
        L($"```");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, s.ToString());
    }

    private void Parts(IEnumerable<(int Nodes, IdealPath Path)> rows)
    {
        _s.AppendLine("| N | slowest boot-to-ready | own host key | init | manager joins | worker round (slowest worker join) | firewall round (slowest node) |");
        _s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (n, p) in rows)
            _s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {n} | {p.Boot:0.0} | {p.HostKey:0.0} | {p.Init:0.0} | {string.Join(" + ", p.ManagerJoins.Select(j => j.ToString("0.0", CultureInfo.InvariantCulture)))} | {p.WorkerRound:0.0} | {p.FirewallRound:0.0} |"));
    }

    private static string Range(IEnumerable<double> values)
    {
        var v = values.ToList();
        return v.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{v.Min():0.0}–{v.Max():0.0}");
    }

    private static string Machine()
    {
        var memory = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=')[1].Trim('"') ?? "Linux";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {double.Parse(memory, CultureInfo.InvariantCulture) / 1024 / 1024:0} GiB, {os}, kernel {Environment.OSVersion.Version}, PowerShell SDK {typeof(System.Management.Automation.PSObject).Assembly.GetName().Version}");
    }
}
