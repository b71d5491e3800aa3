using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>The walkthrough as one pipeline, on real hosts: real SSH, real docker swarm, real ufw.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class SwarmFormationTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>
    /// Names the test's key and trust store once for every cmdlet, as a user's profile would:
    /// nodes read back with Get-SwarmNode carry no key of their own.
    /// </summary>
    private static Dictionary<string, object?> Vars(PowerShellSession ps, string tag)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = Key[..^4] };
        ps.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh }", vars);
        return vars;
    }

    /// <summary>docker node ls on a node, as the walkthrough reads it.</summary>
    private static List<string[]> NodeLs(PowerShellSession ps, string node, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke($"({node} | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'docker node ls --format \"{{{{.Hostname}}}} {{{{.Status}}}} {{{{.Availability}}}} {{{{.ManagerStatus}}}}\"').StandardOutput", vars);
        Assert.Empty(r.Errors);
        return r.Output.Single().ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).OrderBy(c => c[0]).ToList();
    }

    private static string Changes(PowerShellSession.Result r) => string.Join("\n", r.Verbose.Where(v => v.StartsWith("Running on ")));

    [SkippableFact]
    public void The_seed_three_managers_two_workers_and_a_rerun_that_changes_nothing()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("seed"));

        var r = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh | Initialize-Swarm -ManagerCount 3 -KnownHostsFile $kh -Verbose; $swarm", vars);

        Assert.Empty(r.Errors);
        var swarm = (Swarm)r.Output.Single().BaseObject;
        Assert.Equal(3, swarm.Managers.Length);
        Assert.Equal(1, swarm.FaultTolerance);
        // Ports before joins: the leader admits each joining node in ufw before that node joins.
        var nodes = swarm.Nodes.ToDictionary(n => n.Name);
        var init = Assert.Single(r.Verbose, v => v.Contains(": docker swarm init "));
        var leader = init["Running on ".Length..init.IndexOf(':')];
        foreach (var joiner in nodes.Keys.Where(n => n != leader))
        {
            var admitted = r.Verbose.FindIndex(v => v.StartsWith($"Running on {leader}: ufw:") && v.Contains($"add allow 2377,7946/tcp from {nodes[joiner].PrivateAddress}"));
            var joined = r.Verbose.FindIndex(v => v.StartsWith($"Running on {joiner}: join the swarm"));
            Assert.True(admitted >= 0 && joined >= 0 && admitted < joined, string.Join("\n", r.Verbose));
        }
        Assert.DoesNotContain(r.Verbose, v => v.Contains("docker swarm init") && !v.Contains("--advertise-addr"));
        var ls = NodeLs(ps, "($swarm.Nodes | Where-Object Name -eq node1)", vars);
        Assert.Equal(new[] { "node1", "node2", "node3" }, ls.Select(c => c[0]));
        Assert.All(ls, c => Assert.Equal("Ready", c[1]));
        Assert.Single(ls, c => c.Length > 3 && c[3] == "Leader");
        Assert.Equal(2, ls.Count(c => c.Length > 3 && c[3] == "Reachable"));
        // Each advertises its VPC address, chosen from the API's data.
        Assert.All(swarm.Nodes, n => Assert.Contains($"{n.Name}={n.PrivateAddress}", swarm.AdvertiseAddresses));

        // Two workers join the swarm object.
        var workers = ps.Invoke("New-SwarmNode -Count 2 -Name worker -SwarmTag $tag -SshKey $key -KnownHostsFile $kh | Join-SwarmNode -Swarm $swarm -KnownHostsFile $kh", vars);
        Assert.Empty(workers.Errors);
        Assert.Equal(new SwarmRole?[] { SwarmRole.Worker, SwarmRole.Worker }, workers.Output.Select(o => ((SwarmNode)o.BaseObject).Role));
        ls = NodeLs(ps, "($swarm.Nodes | Where-Object Name -eq node1)", vars);
        Assert.Equal(5, ls.Count);
        Assert.All(ls, c => Assert.Equal("Ready", c[1]));

        // A re-run finds everything in place: not one side-effecting command, the same swarm.
        var again = ps.Invoke("Get-SwarmNode -Tag $tag | Initialize-Swarm -ManagerCount 3 -KnownHostsFile $kh -Verbose", vars);
        Assert.Empty(again.Errors);
        Assert.Equal("", Changes(again));
        var same = (Swarm)again.Output.Single().BaseObject;
        Assert.Equal(swarm.ClusterId, same.ClusterId);
        Assert.Equal(3, same.Managers.Length);
        Assert.Equal(2, same.Workers.Length);

        // Get-Swarm reads the same state from a manager.
        var read = (Swarm)ps.Invoke("Get-Swarm -SwarmTag $tag -KnownHostsFile $kh", vars).Output.Single().BaseObject;
        Assert.Equal(swarm.ClusterId, read.ClusterId);
        Assert.Equal(5, read.Members.Length);

        // Get-SwarmNode -SwarmState adds each node's live role from a manager.
        var live = ps.Invoke("Get-SwarmNode -Tag $tag -SwarmState", vars).Output.Select(o => (SwarmNode)o.BaseObject).ToList();
        Assert.Equal(new SwarmRole?[] { SwarmRole.Manager, SwarmRole.Manager, SwarmRole.Manager, SwarmRole.Worker, SwarmRole.Worker }, live.Select(n => n.Role));
        Assert.Single(live, n => n.ManagerStatus == ManagerStatus.Leader);

        // The view reads like docker node ls.
        var view = ps.Invoke("$swarm | Out-String", vars).Output.Single().ToString();
        Assert.Matches(@"HOSTNAME\s+STATUS\s+AVAILABILITY\s+MANAGER STATUS\s+ENGINE VERSION", view);

        // Demote, drain and remove keep quorum.
        var demote = ps.Invoke("Get-SwarmNode -Tag $tag -Name node3 | Set-SwarmNode -Role Worker -SwarmTag $tag -KnownHostsFile $kh", vars);
        Assert.Contains("FaultToleranceWouldDrop,SwarmTools.Commands.SetSwarmNode", demote.ErrorIds);
        var forced = ps.Invoke("Get-SwarmNode -Tag $tag -Name node3 | Set-SwarmNode -Role Worker -Force -PassThru -SwarmTag $tag -KnownHostsFile $kh", vars);
        Assert.Empty(forced.Errors);
        Assert.Equal(SwarmRole.Worker, ((SwarmNode)forced.Output.Single().BaseObject).Role);
        var drained = ps.Invoke("Get-SwarmNode -Tag $tag -Name node1 | Set-SwarmNode -Availability Drain -Label @{ zone = 'a' } -PassThru -SwarmTag $tag -KnownHostsFile $kh", vars);
        Assert.Empty(drained.Errors);
        Assert.Equal(NodeAvailability.Drain, ((SwarmNode)drained.Output.Single().BaseObject).Availability);
        var removed = ps.Invoke("Get-SwarmNode -Tag $tag -Name worker1 | Remove-SwarmNode -Force -SwarmTag $tag -KnownHostsFile $kh -Verbose", vars);
        Assert.Empty(removed.Errors);
        var order = Changes(removed);
        Steps.InOrder(order, "--availability drain", "docker swarm leave", "docker node rm");
        ls = NodeLs(ps, "($swarm.Nodes | Where-Object Name -eq node2)", vars);
        Assert.DoesNotContain(ls, c => c[0] == "worker1");
        Assert.Equal(2, ls.Count(c => c.Length > 3 && c[3] is "Leader" or "Reachable"));

        // Tearing the whole swarm down: nothing is left to keep safe, so every node leaves with --force
        // at once (no drain, demote, wait for Down or node rm), and the droplets go in one request by tag.
        using var control = LabSandbox.Control();
        var mark = control.MarkAsync().GetAwaiter().GetResult();
        var teardown = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -SwarmTag $tag -Verbose", vars);
        Assert.Empty(teardown.Errors);
        var steps = Changes(teardown).Split('\n');
        Assert.Equal(new[] { "node1", "node2", "node3", "worker2" }, steps.Where(l => l.EndsWith(": docker swarm leave --force")).Select(l => l["Running on ".Length..l.IndexOf(':')]).OrderBy(n => n));
        Assert.DoesNotContain(steps, l => l.Contains("demote") || l.Contains("node rm") || l.Contains("--availability"));
        var deletes = control.RequestsSinceAsync(mark).GetAwaiter().GetResult().Where(c => c.Method == "DELETE").ToList();
        Assert.Equal("/v2/droplets", Assert.Single(deletes).Path);
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag", vars).Output);
    }

    [SkippableFact]
    public async Task WhatIf_changes_nothing_on_the_hosts_or_in_the_cloud()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("whatif"));
        ps.Invoke("$global:w = New-SwarmNode -Count 2 -Name wi -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars);
        var mark = await control.MarkAsync();

        var r = ps.Invoke("$w | Initialize-Swarm -KnownHostsFile $kh -WhatIf -Verbose", vars);

        // It ran and said what it would do ("nothing changed" alone is also what a failed run leaves).
        Assert.Empty(r.Errors);
        Assert.Null(r.Terminating);
        Assert.Contains(ps.Host.Lines, l => l.StartsWith("What if:") && l.Contains("wi1"));
        Assert.Empty(r.Output);
        Assert.Equal("", Changes(r));
        var states = ps.Invoke("$w | Invoke-SwarmCommand -KnownHostsFile $kh -Command \"docker info --format '{{.Swarm.LocalNodeState}}'\" | ForEach-Object { $_.StandardOutput.Trim() }", vars);
        Assert.Equal(new[] { "inactive", "inactive" }, states.Output.Select(o => o.ToString()));
        var lines = ps.Host.Lines.Count;
        var removal = ps.Invoke("$w | Remove-SwarmNode -WhatIf -KnownHostsFile $kh", vars);
        Assert.Empty(removal.Errors);
        Assert.Null(removal.Terminating);
        Assert.Equal(2, ps.Host.Lines.Skip(lines).Count(l => l.StartsWith("What if:")));
        Assert.DoesNotContain(await control.RequestsSinceAsync(mark), c => c.Method != "GET");
        ps.Invoke("$w | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void Join_tokens_never_show_in_ps_on_the_nodes_nor_in_any_stream()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("tokens"));
        ps.Invoke("$global:t = New-SwarmNode -Count 3 -Name tk -SwarmTag $tag -SshKey $key -KnownHostsFile $kh | Sort-Object Name", vars);

        // Sample every process's argv on every node, from before the swarm forms until after it is formed.
        const string sampler = "touch /tmp/ps-started; n=0; while [ ! -e /tmp/ps-stop ] && [ $n -lt 2400 ]; do echo \"=== sample\"; ps -eo args; n=$((n+1)); sleep 0.05; done > /tmp/ps-samples";
        using var forming = LabSandbox.Open();
        forming.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh }; $global:t = $nodes",
            new(vars) { ["nodes"] = ps.Invoke("$t").Output.Select(o => o.BaseObject).ToArray() });
        using var sampling = ps.CreatePipeline($"$t | Invoke-SwarmCommand -KnownHostsFile '{vars["kh"]}' -Command '{sampler}'");
        var running = sampling.BeginInvoke();
        for (var i = 0; i < 100 && forming.Invoke("$t | Invoke-SwarmCommand -Command 'test -e /tmp/ps-started' | Where-Object ExitCode -eq 0", vars).Output.Count < 3; i++)
            Thread.Sleep(100);
        // The control: a token-shaped argument on one node, which the scan below must find.
        var planted = "SWMTKN-1-planted" + Guid.NewGuid().ToString("N");
        var plant = forming.Invoke($"$t[1] | Invoke-SwarmCommand -Command \"setsid sh -c 'sleep 3' {planted} </dev/null >/dev/null 2>&1 &\"", vars);
        Assert.Empty(plant.Errors);

        var r = forming.Invoke("$DebugPreference = 'Continue'; Write-Information 'information-stream-probe'; Get-SwarmNode -Tag $tag | Sort-Object Name | Initialize-Swarm -ManagerCount 3 -KnownHostsFile $kh -Verbose -Debug", vars);

        Assert.Empty(forming.Invoke("$t | Invoke-SwarmCommand -Command 'touch /tmp/ps-stop'", vars).Errors);
        var sampled = sampling.EndInvoke(running);
        Assert.Empty(sampling.Streams.Error); // a sampler that failed proves nothing
        Assert.Equal(3, sampled.Count);
        Assert.All(sampled, s => Assert.Equal(0, ((SwarmCommandResult)s.BaseObject).ExitCode));
        Assert.Empty(r.Errors);
        var tokens = ps.Invoke("$t[0] | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'docker swarm join-token -q worker; docker swarm join-token -q manager' | ForEach-Object { $_.StandardOutput }", vars)
            .Output.Single().ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, tokens.Length);
        Assert.All(tokens, tk => Assert.StartsWith("SWMTKN-1-", tk));

        // One sample set per node: how many samples, how many show the join's own process, how many
        // lines carry a token, and how many of those are the planted control.
        var counts = ps.Invoke("$t | Invoke-SwarmCommand -KnownHostsFile $kh -Command " +
            "'echo $(hostname) $(grep -c \"^=== sample\" /tmp/ps-samples) $(grep -c \"swarm/join\" /tmp/ps-samples) $(grep -c SWMTKN /tmp/ps-samples) $(grep -c " + planted + " /tmp/ps-samples); rm -f /tmp/ps-samples /tmp/ps-started /tmp/ps-stop' | ForEach-Object { $_.StandardOutput.Trim() }", vars)
            .Output.Select(o => o.ToString().Split(' ')).ToDictionary(c => c[0], c => c.Skip(1).Select(int.Parse).ToArray());
        Assert.Equal(new[] { "tk1", "tk2", "tk3" }, counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.True(c[0] > 20, $"only {c[0]} samples"));
        Assert.True(counts["tk2"][1] > 0 && counts["tk3"][1] > 0, "the samples never caught a join in progress: they prove nothing");
        Assert.True(counts["tk2"][2] > 0, "the planted token-shaped argument was not found: the scan cannot see a token");
        Assert.Equal(counts["tk2"][3], counts["tk2"][2]); // every token seen on tk2 is the planted one
        Assert.Equal(0, counts["tk1"][2]);
        Assert.Equal(0, counts["tk3"][2]);

        // Every stream, information and progress included; the controls show each is captured.
        Assert.Contains("information-stream-probe", r.Information);
        Assert.Contains(r.Progress, p => p.Contains("Joining tk2"));
        Assert.Contains(r.Verbose, v => v.Contains("join the swarm"));
        foreach (var token in tokens) Assert.DoesNotContain(token, r.AllText);
        Assert.DoesNotContain("SWMTKN", r.AllText);

        // -RotateJoinTokens replaces both tokens (joined nodes are unaffected).
        var rotated = forming.Invoke("Get-SwarmNode -Tag $tag | Initialize-Swarm -ManagerCount 3 -RotateJoinTokens", vars);
        Assert.Empty(rotated.Errors);
        Assert.Equal(3, ((Swarm)rotated.Output.Single().BaseObject).Managers.Length);
        var after = ps.Invoke("$t[0] | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'docker swarm join-token -q worker; docker swarm join-token -q manager' | ForEach-Object { $_.StandardOutput }", vars)
            .Output.Single().ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Empty(after.Intersect(tokens));

        ps.Invoke("$t | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void A_node_of_another_swarm_is_refused_and_named()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("other"));
        ps.Invoke("$global:a = New-SwarmNode -Count 2 -Name oth -SwarmTag $tag -SshKey $key -KnownHostsFile $kh | Sort-Object Name", vars);
        ps.Invoke("$a[1] | Invoke-SwarmCommand -KnownHostsFile $kh -Command ('docker swarm init --advertise-addr ' + $a[1].PrivateAddress)", vars);

        var r = ps.Invoke("$a | Initialize-Swarm -KnownHostsFile $kh", vars);

        var error = Assert.Single(r.Errors);
        Assert.Equal("NodeInAnotherSwarm,SwarmTools.Commands.InitializeSwarm", error.FullyQualifiedErrorId);
        Assert.Contains("oth2", error.Exception.Message);
        ps.Invoke("$a | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void A_tampered_host_key_is_refused_with_both_fingerprints()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("tamper"));
        var node = (SwarmNode)ps.Invoke("New-SwarmNode -Name tam1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Output.Single().BaseObject;
        var real = node.HostKeyFingerprint!;
        node.HostKeyFingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');
        vars["n"] = node;
        vars["kh"] = LabSandbox.NewKnownHosts(); // a fresh trust store: a new connection must be made, and checked

        var r = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -Command hostname", vars);

        var error = Assert.Single(r.Errors);
        Assert.Equal("HostKeyMismatch,SwarmTools.Commands.InvokeSwarmCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Contains(real, error.Exception.Message);
        Assert.Contains(node.HostKeyFingerprint, error.Exception.Message);
        Assert.Empty(r.Output);

        // A node whose key nobody pinned or recorded is refused, unless trust on first use is asked for (then recorded).
        node.HostKeyFingerprint = null;
        vars["kh"] = LabSandbox.NewKnownHosts();
        var unknown = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -Command hostname", vars);
        Assert.Equal("HostKeyUnknown,SwarmTools.Commands.InvokeSwarmCommand", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
        var trusted = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -TrustOnFirstUse -Command hostname", vars);
        Assert.Empty(trusted.Errors);
        // Recorded in OpenSSH's format, with the key the host really has.
        using var keygen = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("ssh-keygen", $"-lf {vars["kh"]}") { RedirectStandardOutput = true })!;
        var listed = keygen.StandardOutput.ReadToEnd();
        keygen.WaitForExit();
        Assert.Contains(real, listed);
        Assert.Contains(node.PublicAddress!, listed);
        ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void Stopping_the_formation_returns_at_once_reports_what_was_done_and_a_rerun_finishes_it()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("stop"));
        var first = ps.Invoke("$global:s = New-SwarmNode -Count 3 -Name st -SwarmTag $tag -SshKey $key | Sort-Object Name; $s[0]", vars).Output.Single();
        using var probe = LabSandbox.Open();
        probe.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh }; $global:s = @($first)", new(vars) { ["first"] = first });
        using var forming = ps.CreatePipeline("$s | Initialize-Swarm -ManagerCount 3");
        var running = forming.BeginInvoke();
        // Stop once the swarm exists on st1, while managers are still joining.
        for (var i = 0; i < 100; i++)
        {
            var state = probe.Invoke("($s[0] | Invoke-SwarmCommand -Command \"docker info --format '{{.Swarm.LocalNodeState}}'\").StandardOutput.Trim()", vars);
            if (state.Output.SingleOrDefault()?.ToString() == "active") break;
            Thread.Sleep(100);
        }
        Thread.Sleep(1000); // the first manager's join is under way by then (it takes seconds)
        var clock = System.Diagnostics.Stopwatch.StartNew();
        forming.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stop took {clock.Elapsed}");
        Assert.True(running.IsCompleted);
        var said = Assert.Single(ps.Host.Warnings);
        Assert.Contains("st1 initialized the swarm", said);
        Assert.Contains("Run the same command again", said);

        var rerun = ps.Invoke("$s | Initialize-Swarm -ManagerCount 3", vars);
        Assert.Empty(rerun.Errors);
        Assert.Equal(3, ((Swarm)rerun.Output.Single().BaseObject).Managers.Length);
        ps.Invoke("$s | Remove-SwarmNode -Force -DropletOnly", vars);
    }
}
