using System.Text.Json;
using System.Text.RegularExpressions;
using SwarmTools.Ssh;

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

    public async Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        await _channels.WaitAsync(ct);
        try { return await AnswerAsync(command, stdin, ct); }
        finally { _channels.Release(); }
    }

    private async Task<CommandResult> AnswerAsync(string command, string? stdin, CancellationToken ct)
    {
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
                return Ok((_member is null ? SimulatedSwarm.InactiveState : _swarm!.StateOf(_member)) + "\n");
            case CommandKind.Members:
                if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
                await Task.Delay(_times.Members.For(_swarm!.Members.Count), ct);
                return Ok(_swarm.Inspect(EngineVersion));
            case CommandKind.Init:
                return await InitAsync(command, ct);
            case CommandKind.JoinToken:
                if (_member is not { IsManager: true }) return Fail(1, "Error response from daemon: This node is not a swarm manager.");
                await Task.Delay(_times.JoinToken.For(0), ct);
                return Ok(_swarm!.TokenFor(command.EndsWith("manager", StringComparison.Ordinal) ? "manager" : "worker") + "\n");
            case CommandKind.Join:
                return await JoinAsync(stdin ?? "", ct);
            case CommandKind.FirewallRead:
                await Task.Delay(_times.FirewallRead.For(0), ct);
                return Ok(Ufw.Read([("lo", "127.0.0.1/8"), ("eth0", Address + "/17"), ("eth1", PrivateAddress + "/20")], _cloud.ClientAddress));
            case CommandKind.FirewallChange:
                var rules = Ufw.Apply(command);
                if (rules is null) return Fail(1, "simulated ufw: a rule line it cannot read");
                await Task.Delay(_times.FirewallChange.For(rules.Value), ct);
                return Ok("");
            default:
                return Fail(127, $"simulated host: no simulation of '{command.Split('\n')[0]}'");
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

    private static async Task UntilAsync(DateTime at, CancellationToken ct)
    {
        var wait = at - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
    }

    private static CommandResult Ok(string stdout) => new(0, stdout, "");
    private static CommandResult Fail(int exit, string stderr) => new(exit, "", stderr + "\n");

    [GeneratedRegex(@"--advertise-addr '([^']+)'")]
    private static partial Regex InitAddress();
}
