using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Bench.Lab;

/// <summary>How droplets boot in the lab benchmark: 'new' for BootSeconds, then sshd, then dockerd, as on DigitalOcean.</summary>
public sealed record BootProfile(double BootSeconds, double SshdDelaySeconds, double DockerdDelaySeconds)
{
    public override string ToString() =>
        $"droplets stay 'new' {BootSeconds:0.#} s, sshd starts {SshdDelaySeconds:0.#} s after 'active', dockerd {DockerdDelaySeconds:0.#} s after sshd";
}

/// <summary>
/// Time to a swarm on lab hosts for each N: the pipeline, then the sequential walkthrough, each
/// torn down before the next; every command on a node is timed at the IRemoteShell seam.
/// </summary>
public sealed class LabBench(BenchSetup setup, BootProfile boot, string traceFolder, bool sequential, Action<string> say)
{
    public const int ManagerCount = 3;
    private readonly CommandTrace _trace = new();

    /// <summary>SSH handshakes to a host that is up (a fresh connection each, outside any run).</summary>
    public List<double> Handshakes { get; } = new();

    /// <summary>Commands and hosts of the sequential walkthroughs: one host booting, one command running at a time, as each droplet has its own CPU.</summary>
    public List<TracedCommand> SequentialCommands { get; } = new();
    public List<HostLog> SequentialHosts { get; } = new();

    /// <summary>The scale simulation's per-command times: medians of the sequential walkthroughs (no host shares a CPU with another there, as on DigitalOcean).</summary>
    public CommandTimes Times() => CommandTimes.FromLab(SequentialCommands, new Cost(Cost.Median(Handshakes)),
        Cost.Median(SequentialHosts.Select(h => (h.SshdStarted!.Value - h.Active!.Value).TotalSeconds)),
        Cost.Median(SequentialHosts.Select(h => (h.DockerdAnswers!.Value - h.SshdStarted!.Value).TotalSeconds)),
        Cost.Median(SequentialHosts.Select(h => (h.BootFinished!.Value - h.DockerdAnswers!.Value).TotalSeconds)));

    /// <summary>Test-Swarm on each pipeline's swarm, right after it was formed.</summary>
    public List<HealthRun> Health { get; } = new();

    /// <summary>Deploy-SwarmStack on each pipeline's swarm, after Test-Swarm.</summary>
    public List<StackRun> Stacks { get; } = new();
    /// <summary>Invoke-SwarmMaintenance -Reboot on each pipeline's swarm up to <see cref="MaintenanceRun.LargestN"/> nodes, after Test-Swarm.</summary>
    public List<MaintenanceRun> Maintenance { get; } = new();

    public List<TimeToSwarm> Run(IReadOnlyList<int> sizes)
    {
        using var server = SandboxServer.StartAsync(setup.SandboxDll, new SandboxLaunchOptions
        {
            ApiOnly = false,
            BootSeconds = boot.BootSeconds,
            SshdDelaySeconds = boot.SshdDelaySeconds,
            DockerdDelaySeconds = boot.DockerdDelaySeconds,
            DropletLimit = 1000,
            RatePerMinute = 250,
        }, TimeSpan.FromMinutes(2), CancellationToken.None).GetAwaiter().GetResult();
        using var log = new SandboxLog(server);
        using var session = setup.OpenSession(server);
        session.UseConnector(new TracingConnector(_trace));
        var results = new List<TimeToSwarm>();
        foreach (var n in sizes)
        {
            var pipeline = Pipeline(session, log, n);
            var health = HealthRun.Measure(session, PipelineTag(n), n);
            Health.Add(health);
            say($"  N={n}: {health.Line}{(health.NotPassed.Count > 0 ? ": " + string.Join("; ", health.NotPassed) : "")}");
            var stack = StackRun.Measure(session, PipelineTag(n), n);
            Stacks.Add(stack);
            say($"  N={n}: {stack.Line}");
            if (n <= MaintenanceRun.LargestN)
            {
                var maintenance = MaintenanceRun.Measure(session, PipelineTag(n), n);
                Maintenance.Add(maintenance);
                say($"  N={n}: {maintenance.Line}");
            }
            var partial = n > ManagerCount ? RemoveOneWorker(session, n) : (double?)null;
            var whole = Scenario.Timed(session, "Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -SwarmTag $tag", new Dictionary<string, object?> { ["tag"] = PipelineTag(n) }).Seconds;
            say(partial is null ? $"  N={n}: removed the swarm in {whole:0.0} s (no worker to remove alone)" : $"  N={n}: removed one worker in {partial:0.0} s, the rest of the swarm in {whole:0.0} s");
            if (!sequential) { say($"  N={n}: {pipeline.Timeline.Describe()}"); continue; }
            var sequentialRun = Sequential(session, log, n);
            // The API's own delete time: one DELETE by tag for the walkthrough's N droplets, straight to the sandbox.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            log.DeleteTaggedAsync(SequentialTag(n)).GetAwaiter().GetResult();
            var apiDelete = clock.Elapsed.TotalSeconds;
            var result = new TimeToSwarm(pipeline, sequentialRun,
                new Teardown(n, partial, whole, partial is null ? n : n - 1, apiDelete), ManagerCount);
            say($"  N={n}: {result.Teardown.Line}");
            results.Add(result);
        }
        return results;
    }

    private static string PipelineTag(int n) => $"bench-p{n}";
    private static string SequentialTag(int n) => $"bench-s{n}";

    private PipelineRun Pipeline(ModuleSession session, SandboxLog log, int n)
    {
        session.SetDefault("*-Swarm*:KnownHostsFile", setup.FreshKnownHosts());
        log.ClearRequestsAsync().GetAwaiter().GetResult();
        _trace.Clear();
        var start = DateTime.UtcNow;
        var (output, seconds) = Scenario.Timed(session,
            "New-SwarmNode -Count $n -Name node -SwarmTag $tag -SshKey $key | Initialize-Swarm -ManagerCount $managers -SwarmTag $tag | Set-SwarmFirewall -SwarmTag $tag -PassThru",
            new Dictionary<string, object?> { ["n"] = n, ["tag"] = PipelineTag(n), ["key"] = setup.PublicKey, ["managers"] = ManagerCount });
        var swarm = Scenario.CheckSwarm(output, n, ManagerCount);
        var requests = log.RequestsAsync().GetAwaiter().GetResult();
        var hosts = log.DropletsAsync().GetAwaiter().GetResult()
            .Where(d => d.Name.StartsWith("node", StringComparison.Ordinal) && d.Statedir != null)
            .Select(d => HostLog.Read(d.Name, d.Statedir!, start)).ToList();
        if (hosts.Count != n) throw new BenchFailure($"{hosts.Count} lab hosts found for {n} nodes.");
        var commands = _trace.Commands;
        if (Handshakes.Count == 0) MeasureHandshakes(swarm.Nodes[0].PublicAddress!);
        var run = new PipelineRun(n, seconds, start, requests, hosts, commands, _trace.Connects, swarm);
        CommandTrace.Write(Path.Combine(traceFolder, $"lab-{n}.tsv"), start, commands, _trace.Connects);
        say($"  N={n}: pipeline {seconds:0.0} s, slowest boot-to-ready {run.SlowestBootToReady:0.0} s, {requests.Count} API requests, {run.SshConnectionsPerNode:0.##} SSH connection(s) per node");
        return run;
    }

    private void MeasureHandshakes(string address)
    {
        // The node's ufw limits new SSH connections (6 hits in 30 s, and a refused try renews the block):
        // let the pipeline's own connections leave that window first, so no handshake here waits on it.
        Thread.Sleep(SshConnector.AttemptWindow + TimeSpan.FromSeconds(1));
        var credentials = SshCredentials.FromFile(setup.PrivateKey);
        var trust = new HostKeyPolicy(new KnownHostsFile(setup.FreshKnownHosts()), trustOnFirstUse: true);
        for (var i = 0; i < 3; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var ssh = SshSession.ConnectAsync(address, credentials, trust).GetAwaiter().GetResult();
            Handshakes.Add(clock.Elapsed.TotalSeconds);
        }
    }

    private double RemoveOneWorker(ModuleSession session, int n) =>
        Scenario.Timed(session, "Get-SwarmNode -Name $name -Tag $tag | Remove-SwarmNode -Force -SwarmTag $tag",
            new Dictionary<string, object?> { ["name"] = $"node{n}", ["tag"] = PipelineTag(n) }).Seconds;

    private SequentialRun Sequential(ModuleSession session, SandboxLog log, int n)
    {
        session.SetDefault("*-Swarm*:KnownHostsFile", setup.FreshKnownHosts());
        _trace.Clear();
        var tag = SequentialTag(n);
        session.Invoke("$seq = @{}");
        var creates = new List<double>();
        for (var i = 1; i <= n; i++)
        {
            var (_, s) = Scenario.Timed(session, "$seq[$i] = New-SwarmNode -Name $name -SwarmTag $tag -SshKey $key",
                new Dictionary<string, object?> { ["i"] = i, ["name"] = $"seq{i}", ["tag"] = tag, ["key"] = setup.PublicKey });
            creates.Add(s);
        }
        var vars = new Dictionary<string, object?> { ["tag"] = tag };
        var init = Scenario.Timed(session, "$null = Initialize-Swarm -InputObject $seq[1] -ManagerCount 1 -SwarmTag $tag", vars).Seconds;
        var managers = new List<double>();
        var workers = new List<double>();
        for (var i = 2; i <= n; i++)
        {
            var role = i <= ManagerCount ? "Manager" : "Worker";
            var s = Scenario.Timed(session, "$null = Join-SwarmNode -InputObject $seq[$i] -Manager $seq[1] -Role $role -SwarmTag $tag",
                new Dictionary<string, object?> { ["i"] = i, ["role"] = role, ["tag"] = tag }).Seconds;
            (i <= ManagerCount ? managers : workers).Add(s);
        }
        var firewalls = new List<double>();
        for (var i = 1; i <= n; i++)
            firewalls.Add(Scenario.Timed(session, "Set-SwarmFirewall -InputObject $seq[$i] -Manager $seq[1] -SwarmTag $tag",
                new Dictionary<string, object?> { ["i"] = i, ["tag"] = tag }).Seconds);
        SequentialCommands.AddRange(_trace.Commands);
        SequentialHosts.AddRange(log.DropletsAsync().GetAwaiter().GetResult()
            .Where(d => d.Name.StartsWith("seq", StringComparison.Ordinal) && d.Statedir != null)
            .Select(d => HostLog.Read(d.Name, d.Statedir!, DateTime.UtcNow)));
        var hostKeys = _trace.Commands.Where(c => c.Kind == CommandKind.HostKey).Select(c => c.Seconds).ToList();
        var run = new SequentialRun(n, creates, init, managers, workers, firewalls, hostKeys.Count == 0 ? 0 : Cost.Median(hostKeys));
        say($"  N={n}: sequential walkthrough {run.Seconds:0.0} s (creates {creates.Sum():0.0}, init {init:0.0}, joins {managers.Sum() + workers.Sum():0.0}, firewalls {firewalls.Sum():0.0})");
        return run;
    }
}

/// <summary>Reaches lab hosts over SSH, as the module does, timing every connection and command (and a new node's own host key).</summary>
public sealed class TracingConnector(CommandTrace trace) : INodeConnector
{
    public async Task<IRemoteShell> ShellAsync(SwarmNode node, SshAccess access, CancellationToken ct)
    {
        var asked = DateTime.UtcNow;
        var ssh = await SshNodeConnector.Instance.ShellAsync(node, access, ct);
        trace.Add(new TracedConnect(node.Name, asked, DateTime.UtcNow));
        return new TracingShell(ssh, node.Name, trace);
    }

    public async Task<string> OwnHostKeyAsync(SwarmNode node, SshAccess access, CancellationToken ct)
    {
        var start = DateTime.UtcNow;
        var shared = node.HostKeyFingerprint != null;
        var fingerprint = await SshNodeConnector.Instance.OwnHostKeyAsync(node, access, ct);
        if (shared) trace.Add(new TracedCommand(node.Name, CommandKind.HostKey, start, DateTime.UtcNow, 0, 0, null));
        return fingerprint;
    }
}
