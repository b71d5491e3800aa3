using System.Text.Json;
using System.Text.RegularExpressions;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Simulation;

/// <summary>
/// A droplet's host below the IRemoteShell seam: it boots on the lab's measured schedule, answers
/// the commands the orchestration sends (cloud-init, docker, ufw) with the formats those tools
/// print, and takes the lab's measured time for each. It runs as many commands at once as an SSH
/// session does. A command it does not know fails (exit 127), so the benchmark cannot pass on a
/// command it never simulated.
/// </summary>
public sealed partial class SimulatedHost : IRemoteShell
{
    public const string EngineVersion = "20.10.24+dfsg1";
    private readonly SimulatedCloud _cloud;
    private readonly CommandTimes _times;
    private readonly SemaphoreSlim _channels = new(new SshConnectOptions().MaxConcurrentCommands);
    private SimulatedSwarm? _swarm;
    private SimulatedSwarm.Member? _member;

    public SimulatedHost(SwarmNode node, DateTime activeAt, CommandTimes times, SimulatedCloud cloud)
    {
        Id = node.Id;
        Name = node.Name;
        Address = node.PublicAddress!;
        PrivateAddress = node.PrivateAddress!;
        _times = times;
        _cloud = cloud;
        SshdUp = activeAt.AddSeconds(times.ActiveToSshd);
        DockerUp = SshdUp.AddSeconds(times.SshdToDocker);
        BootDone = DockerUp.AddSeconds(times.DockerToBootDone);
    }

    public long Id { get; }
    public string Name { get; }
    public string Address { get; }
    public string PrivateAddress { get; }
    public DateTime SshdUp { get; }
    public DateTime DockerUp { get; }
    /// <summary>When cloud-init is done: the host is ready (what the lab's boot.log calls "boot finished").</summary>
    public DateTime BootDone { get; }
    public SimulatedUfw Ufw { get; } = new();
    /// <summary>The host key it keeps (a stand-in: no key exists).</summary>
    public string HostKeyFingerprint => $"SHA256:simulated{Id}";

    /// <summary>Connections opened to this host's sshd.</summary>
    public int Connections;

    /// <summary>The swarm this host is in (null: none).</summary>
    public SimulatedSwarm? Swarm => _swarm;

    /// <summary>Docker's local node state when it is stuck outside a swarm ("pending", "locked", "error"); null: it is not.</summary>
    public string? StuckState { get; set; }

    /// <summary>How far this host's clock is from the real one (`date` answers with it).</summary>
    public TimeSpan ClockOffset { get; set; }

    /// <summary>When its node certificate expires (Docker issues them for 90 days).</summary>
    public DateTime NodeCertExpiry { get; set; } = DateTime.UtcNow.AddDays(90);

    /// <summary>The filesystem of Docker's data root, in KiB, as df prints it.</summary>
    public (long Used, long Available) DockerRootDisk { get; set; } = (20_000_000, 60_000_000);

    /// <summary>Commands that change something on the host, in order (never a join's stdin).</summary>
    public IReadOnlyList<string> Changes { get { lock (_changes) return _changes.ToList(); } }
    private readonly List<string> _changes = new();

    /// <summary>Answers a command the host does not simulate (a user's command, docker node ps, …); null: refused with 127.</summary>
    public Func<string, CancellationToken, Task<CommandResult>>? OtherCommand { get; set; }

    public async Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        await _channels.WaitAsync(ct);
        try { return await AnswerAsync(command, stdin, ct); }
        finally { _channels.Release(); }
    }

    private async Task<CommandResult> AnswerAsync(string command, string? stdin, CancellationToken ct)
    {
        // SwarmPolicyConfig.WriteCommand: its config name is a prefix and 12 hex digits of the policy's hash.
        if (command.StartsWith("set -e\ndocker config inspect " + SwarmPolicyConfig.NameFor("")[..^12], StringComparison.Ordinal) || command == SwarmPolicyConfig.RemoveCommand)
        {
            if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
            _swarm!.KeepPolicy(command == SwarmPolicyConfig.RemoveCommand ? null : PolicyJson().Match(command).Groups[1].Value);
            return Record(command == SwarmPolicyConfig.RemoveCommand ? "forget the swarm's firewall policy" : "keep the swarm's firewall policy", Ok(""));
        }
        if (command == FirewallPlan.ClientAddressCommand) return Ok($"{_cloud.ClientAddress} 50022 22\n");
        if (NodeChange().Match(command) is { Success: true } change) return Record(command, ChangeNode(change));
        if (command.StartsWith("docker swarm leave", StringComparison.Ordinal)) return Record(command, Leave(command.EndsWith("--force", StringComparison.Ordinal)));
        if (command.StartsWith("docker swarm join-token --rotate", StringComparison.Ordinal))
        {
            if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
            _swarm!.RotateTokens();
            return Record(command, Ok(""));
        }
        if (Health(command) is { } health) return health;
        switch (CommandKinds.Of(command))
        {
            case CommandKind.CloudInit:
                await UntilAsync(BootDone, ct);
                return Ok("status: done\n");
            case CommandKind.DockerVersion:
                await Task.Delay(_times.DockerVersion.For(0), ct);
                return DateTime.UtcNow < DockerUp ? Fail(1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?") : Ok($"\"{EngineVersion}\"\n");
            case CommandKind.SwarmState:
                await Task.Delay(_times.SwarmState.For(0), ct);
                return Ok((StuckState is { } stuck ? SimulatedSwarm.InactiveState.Replace("\"inactive\"", $"\"{stuck}\"")
                    : _member is null ? SimulatedSwarm.InactiveState : _swarm!.StateOf(_member)) + "\n");
            case CommandKind.Members:
                if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
                await Task.Delay(_times.Members.For(_swarm!.Members.Count), ct);
                return Ok(_swarm.Inspect(EngineVersion));
            case CommandKind.Init:
                return Record(command, await InitAsync(command, ct));
            case CommandKind.JoinToken:
                if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
                await Task.Delay(_times.JoinToken.For(0), ct);
                return Ok(_swarm!.TokenFor(command.EndsWith("manager", StringComparison.Ordinal) ? "manager" : "worker") + "\n");
            case CommandKind.Join:
                return Record("join", await JoinAsync(stdin ?? "", ct));
            case CommandKind.FirewallRead:
                await Task.Delay(_times.FirewallRead.For(0), ct);
                return Ok(Ufw.Read([("lo", "127.0.0.1/8"), ("eth0", Address + "/17"), ("eth1", PrivateAddress + "/20")], _cloud.ClientAddress,
                    _member is { IsManager: true } ? _swarm!.PolicyLines : ""));
            case CommandKind.FirewallChange:
                var rules = Ufw.Apply(command);
                if (rules is null) return Fail(1, "simulated ufw: a rule line it cannot read");
                await Task.Delay(_times.FirewallChange.For(rules.Value), ct);
                return Record("firewall change", Ok(""));
            default:
                return OtherCommand is { } other ? Record(command, await other(command, ct))
                    : Fail(127, $"simulated host: no simulation of '{command.Split('\n')[0]}'");
        }
    }

    private async Task<CommandResult> InitAsync(string command, CancellationToken ct)
    {
        if (_member != null) return Fail(1, "Error response from daemon: This node is already part of a swarm.");
        var advertise = InitAddress().Match(command).Groups[1].Value;
        if (advertise != Address && advertise != PrivateAddress) return Fail(1, $"Error response from daemon: must specify a listening address ({advertise} is not on this host)");
        await Task.Delay(_times.Init.For(0), ct);
        _swarm = _cloud.NewSwarm();
        _member = _swarm.Add(Name, advertise, isManager: true);
        _cloud.Advertised(this, advertise);
        return Ok("Swarm initialized\n");
    }

    // The Engine API's /swarm/join, as curl prints it: the body, then the status code on its own line.
    private async Task<CommandResult> JoinAsync(string body, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var advertise = root.GetProperty("AdvertiseAddr").GetString()!;
        var manager = root.GetProperty("RemoteAddrs")[0].GetString()!.Split(':')[0];
        var token = root.GetProperty("JoinToken").GetString()!;
        if (_member != null) return Ok("{\"message\":\"This node is already part of a swarm.\"}\n503");
        var leader = _cloud.AdvertisingHost(manager);
        if (leader?._swarm is not { } swarm) return Ok("{\"message\":\"rpc error: connection refused\"}\n503");
        if (!leader.Ufw.Admits(advertise, 2377))
        {
            await Task.Delay(TimeSpan.FromSeconds(20), ct); // 2377 closed: Docker gives up after 20 s
            return Ok("{\"message\":\"Timeout was reached before node joined.\"}\n503");
        }
        await Task.Delay(_times.Join.For(0), ct);
        var role = token == swarm.TokenFor("manager") ? "manager" : token == swarm.TokenFor("worker") ? "worker" : null;
        if (role is null) return Ok("{\"message\":\"invalid join token\"}\n400");
        _swarm = swarm;
        _member = swarm.Add(Name, advertise, isManager: role == "manager");
        _cloud.Advertised(this, advertise);
        return Ok("\n200");
    }

    // `docker node promote|demote|rm [--force]|update ...` on a manager, with Docker's refusals.
    private CommandResult ChangeNode(Match m)
    {
        if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state.");
        var verb = m.Groups["verb"].Value;
        var args = m.Groups["args"].Value;
        var id = Unquote(args[(args.LastIndexOf(' ') + 1)..]);
        var error = _swarm!.Change(members =>
        {
            var target = members.FirstOrDefault(x => x.NodeId == id);
            if (target is null) return $"Error response from daemon: node {id} not found";
            switch (verb)
            {
                case "promote":
                    target.IsManager = true;
                    return null;
                case "demote":
                    if (target.IsManager && members.Count(x => x.IsManager) == 1) return "Error response from daemon: rpc error: code = FailedPrecondition desc = attempting to demote the last manager of the swarm";
                    target.IsManager = false;
                    if (target.IsLeader) { target.IsLeader = false; members.First(x => x.IsManager).IsLeader = true; }
                    return null;
                case "rm":
                    if (target.State != "down" && !args.StartsWith("--force", StringComparison.Ordinal)) return $"Error response from daemon: rpc error: code = FailedPrecondition desc = node {id} is not down and can't be removed";
                    if (target.IsManager) return $"Error response from daemon: rpc error: code = FailedPrecondition desc = node {id} is a cluster manager and is a member of the raft cluster. It must be demoted to worker before removal";
                    members.Remove(target);
                    return null;
                default: // update
                    foreach (Match o in UpdateOption().Matches(args))
                    {
                        var value = Unquote(o.Groups["value"].Value);
                        switch (o.Groups["option"].Value)
                        {
                            case "availability": target.Availability = value; break;
                            case "label-add": target.Labels[value.Split('=')[0]] = value.Contains('=') ? value[(value.IndexOf('=') + 1)..] : ""; break;
                            case "label-rm": target.Labels.Remove(value); break;
                        }
                    }
                    return null;
            }
        });
        return error is null ? Ok(verb == "update" ? id + "\n" : "") : Fail(1, error);
    }

    // `docker swarm leave [--force]`: a manager leaves only with --force; the others see it down.
    private CommandResult Leave(bool force)
    {
        if (_member is null) return Fail(1, "Error response from daemon: This node is not part of a swarm");
        if (_member.IsManager && !force)
            return Fail(1, "Error response from daemon: You are attempting to leave the swarm on a node that is participating as a manager. Removing this node leaves 0 managers out of 1. Without a Raft quorum your swarm will be inaccessible. The only way to restore a swarm that has lost consensus is to reinitialize it with `--force-new-cluster`. Use `--force` to suppress this message.");
        var me = _member;
        _swarm!.Change(_ => { me.State = "down"; return null; });
        _swarm = null;
        _member = null;
        return Ok("Node left the swarm.\n");
    }

    private CommandResult Record(string change, CommandResult result)
    {
        if (result.ExitCode != 0) return result;
        lock (_changes) _changes.Add(change);
        _cloud.Changed(Name, change);
        return result;
    }

    private static string Unquote(string word) => word.Length >= 2 && word[0] == '\'' && word[^1] == '\'' ? word[1..^1] : word;

    private static async Task UntilAsync(DateTime at, CancellationToken ct)
    {
        var wait = at - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
    }

    private static CommandResult Ok(string stdout) => new(0, stdout, "");
    private static CommandResult Fail(int exit, string stderr) => new(exit, "", stderr + "\n");

    [GeneratedRegex(@"<<'SWARMTOOLS'\n(.*?)\nSWARMTOOLS\n", RegexOptions.Singleline)]
    private static partial Regex PolicyJson();

    [GeneratedRegex(@"^docker node (?<verb>promote|demote|rm|update) (?<args>.+)$")]
    private static partial Regex NodeChange();

    [GeneratedRegex(@"--(?<option>availability|label-add|label-rm) (?<value>'[^']*'|\S+)")]
    private static partial Regex UpdateOption();

    [GeneratedRegex(@"--advertise-addr '([^']+)'")]
    private static partial Regex InitAddress();
}
