using SwarmTools.Engine.Ssh;
using SwarmTools.Simulation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Invoke-SwarmMaintenance as a user runs it, against the API-only sandbox with simulated hosts (the lab's
/// MaintenanceTests reboot real ones): nothing to do is refused; a script block gets each node and its failed
/// command stops the run; Ctrl+C lets the step under way end, then says which node is left in which state.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class MaintenanceCmdletTests : IDisposable
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private readonly PowerShellSession _ps = SandboxSession.Open();
    private readonly SimulatedCloud _cloud = new();
    private readonly string _tag = Sandbox.UniqueTag();

    public MaintenanceCmdletTests() => _ps.UseConnector(_cloud);

    public void Dispose() => _ps.Dispose();

    private Dictionary<string, object?> Vars => new() { ["tag"] = _tag, ["key"] = Key };

    /// <summary>node1 is the only manager (a single manager is never taken out: the runs name the workers), node2 to node4 are workers.</summary>
    private void Form(Func<SimulatedHost, string, CancellationToken, Task<CommandResult>> upkeep)
    {
        var r = _ps.Invoke("New-SwarmNode -Count 4 -Name node -SwarmTag $tag -SshKey $key | Initialize-Swarm -ManagerCount 1 -SwarmTag $tag", Vars);
        Assert.True(r.Errors.Count == 0 && r.Terminating is null, r.AllText);
        foreach (var host in _cloud.Hosts)
            host.OtherCommand = (command, ct) =>
                command.StartsWith("docker node ps ", StringComparison.Ordinal) || command.StartsWith("docker service ls ", StringComparison.Ordinal)
                    ? Task.FromResult(new CommandResult(0, "", "")) // no tasks: nothing to move
                    : upkeep(host, command, ct);
    }

    private SimulatedSwarm.Member Member(string name) => _cloud.Hosts.First(h => h.Swarm != null).Swarm!.Members.Single(m => m.Hostname == name);

    private bool Ran(string node, string command) => _cloud.Hosts.Single(h => h.Name == node).Changes.Any(c => c.Contains(command, StringComparison.Ordinal));

    [Fact]
    public void Nothing_to_do_is_refused_before_any_request()
    {
        var r = _ps.Invoke("Invoke-SwarmMaintenance -SwarmTag $tag", Vars);
        Assert.Equal("MaintenanceNothingToDo,SwarmTools.Commands.InvokeSwarmMaintenance", Assert.Single(r.Errors).FullyQualifiedErrorId);
        Assert.Contains("-Command, -ScriptBlock or -Reboot", r.Errors[0].Exception.Message);
    }

    [Fact]
    public void A_script_block_gets_each_node_and_a_failed_command_in_it_stops_the_run_there()
    {
        Form((host, command, _) => Task.FromResult(command == "upkeep"
            ? host.Name == "node3" ? new CommandResult(3, "", "broken disk") : new CommandResult(0, "ok " + host.Name, "")
            : new CommandResult(127, "", "unknown")));

        var r = _ps.Invoke("Invoke-SwarmMaintenance -SwarmTag $tag -Node node4, node3, node2 -ScriptBlock { param($n) if ($n.Name -ne $_.Name) { throw 'not the node' }; $_ | Invoke-SwarmCommand upkeep }", Vars);

        var done = Assert.Single(r.Output.Select(o => (SwarmMaintenanceResult)o.BaseObject));
        Assert.Equal(("node2", "ok node2"), (done.Node, done.Output));
        Assert.Equal(new[] { "Drain", "Command", "Restore", "Verify" }, done.Steps);
        var error = Assert.Single(r.Errors);
        Assert.Equal("MaintenanceStepFailed,SwarmTools.Commands.InvokeSwarmMaintenance", error.FullyQualifiedErrorId);
        Assert.Equal("node3", ((SwarmNode)error.TargetObject).Name);
        Assert.Contains("step command", error.Exception.Message);
        Assert.Contains("exited with 3", error.Exception.Message);
        Assert.Contains("broken disk", error.Exception.Message);
        Assert.Equal("drain", Member("node3").Availability);
        Assert.Equal("command", Member("node3").Labels["swarmtools.maintenance"]);
        Assert.Equal("done", Member("node2").Labels["swarmtools.maintenance"]);
        Assert.True(Ran("node2", "upkeep")); // the control for the scan below
        Assert.False(Ran("node4", "upkeep"));
        Assert.Equal(("active", 0), (Member("node4").Availability, Member("node4").Labels.Count));
    }

    [Fact]
    public void Ctrl_C_lets_the_step_under_way_end_then_names_the_node_and_its_state()
    {
        using var started = new ManualResetEventSlim();
        var finished = false;
        Form(async (host, command, _) =>
        {
            if (command != "upkeep") return new CommandResult(127, "", "unknown");
            started.Set();
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None); // not cancelled: the step runs to its end
            finished = true;
            return new CommandResult(0, "", "");
        });
        using var pipeline = _ps.CreatePipeline($"Invoke-SwarmMaintenance -SwarmTag {_tag} -Node node2, node3, node4 -Command upkeep");

        var running = pipeline.BeginInvoke();
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the command never started");
        pipeline.Stop();

        Assert.True(running.IsCompleted);
        Assert.True(finished, "the step under way was cut off");
        Assert.True(Ran("node2", "upkeep"));
        var said = Assert.Single(_ps.Host.Warnings);
        Assert.Contains("node2 is drained, labelled swarmtools.maintenance=restore", said);
        Assert.Contains("run Invoke-SwarmMaintenance again", said, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("restore", Member("node2").Labels["swarmtools.maintenance"]);
        Assert.Equal("drain", Member("node2").Availability);
        foreach (var untouched in new[] { "node3", "node4" })
        {
            Assert.False(Ran(untouched, "upkeep"));
            Assert.Equal(("active", 0), (Member(untouched).Availability, Member(untouched).Labels.Count));
        }
    }
}
