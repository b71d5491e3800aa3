using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// The docker and ufw commands the module runs on one node, over that node's single SSH
/// session (or whatever stands below the <see cref="IRemoteShell"/> seam). Reads are free; every change goes through <see cref="ChangeAsync"/>, which tells
/// the observer first — so "a re-run changes nothing" can be checked, and said.
/// </summary>
public sealed class NodeShell
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(90);
    private readonly IRemoteShell _ssh;
    private readonly Action<string> _changing;

    public NodeShell(SwarmNode node, IRemoteShell ssh, Action<string> changing)
    {
        Node = node;
        _ssh = ssh;
        _changing = changing;
    }

    public SwarmNode Node { get; }
    public string Name => Node.Name;

    public async Task<NodeSwarmState> StateAsync(CancellationToken ct) =>
        NodeSwarmState.Parse(await ReadAsync("docker info --format '{{json .Swarm}}'", ct).ConfigureAwait(false));

    /// <summary>Every member as `docker node inspect` describes it (managers only).</summary>
    public async Task<List<SwarmMember>> MembersAsync(CancellationToken ct)
    {
        const string command = "docker node inspect $(docker node ls -q) --format '{{json .}}'";
        for (var attempt = 1; ; attempt++)
        {
            var result = await _ssh.RunAsync(command, null, ReadTimeout, ct).ConfigureAwait(false);
            if (result.ExitCode == 0)
                return result.StandardOutput.Split('\n').Where(l => l.Trim().StartsWith("{", StringComparison.Ordinal)).Select(ParseMember).ToList();
            // A node removed between `ls` and `inspect` (nodes leave concurrently): read again.
            if (attempt >= 3 || result.StandardError.IndexOf("No such node", StringComparison.Ordinal) < 0)
                throw Failed(command, result.StandardError);
        }
    }

    public async Task<string> InitAsync(string advertiseAddress, string? defaultAddressPool, CancellationToken ct)
    {
        var command = $"docker swarm init --advertise-addr {Quote(advertiseAddress)}" +
                      (defaultAddressPool is null ? "" : $" --default-addr-pool {Quote(defaultAddressPool)}");
        await ChangeAsync(command, ct).ConfigureAwait(false);
        return (await StateAsync(ct).ConfigureAwait(false)).NodeId;
    }

    /// <summary>Fetched just in time, never written anywhere: it travels from this manager's stdout to the joining node's stdin.</summary>
    internal async Task<JoinToken> JoinTokenAsync(SwarmRole role, CancellationToken ct)
    {
        var result = await _ssh.RunAsync($"docker swarm join-token -q {DockerName(role)}", null, ReadTimeout, ct).ConfigureAwait(false);
        var token = new JoinToken(result.StandardOutput.Trim());
        if (result.ExitCode != 0 || token.Value.Length == 0)
            throw Failed($"docker swarm join-token {DockerName(role)}", token.Scrub(result.StandardError));
        return token;
    }

    /// <summary>
    /// Joins through the Engine API on the node's own socket with the body (and so the token)
    /// on standard input: `docker swarm join --token T` would show T to anyone running ps.
    /// </summary>
    internal async Task JoinAsync(JoinToken token, string advertiseAddress, string managerAddress, CancellationToken ct, Action<string>? waiting = null)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["ListenAddr"] = "0.0.0.0:2377",
            ["AdvertiseAddr"] = advertiseAddress,
            ["RemoteAddrs"] = new[] { managerAddress + ":2377" },
            ["JoinToken"] = token.Value,
        });
        const string command = "curl -sS --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' --data-binary @- -w '\\n%{http_code}' http://localhost/swarm/join";
        _changing($"{Name}: join the swarm at {managerAddress}:2377, advertising {advertiseAddress} (Engine API; token on stdin)");
        var result = await _ssh.RunAsync(command, body, ChangeTimeout, ct).ConfigureAwait(false);
        var lines = result.StandardOutput.TrimEnd().Split('\n');
        var status = lines.Last().Trim();
        if (result.ExitCode != 0 || status != "200")
        {
            var message = string.Join(" ", lines.Take(lines.Length - 1)).Trim();
            try { message = JsonDocument.Parse(message).RootElement.GetProperty("message").GetString() ?? message; } catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException) { }
            if (status == "503" && message.IndexOf(JoinGoesOn, StringComparison.Ordinal) >= 0)
            {
                waiting?.Invoke($"{Name} takes longer than 20 s to join; Docker goes on joining in the background: waiting for it");
                await WaitJoinedAsync(ct).ConfigureAwait(false);
                return;
            }
            throw Failed("swarm join", token.Scrub(message.Length > 0 ? message : result.StandardError));
        }
    }

    /// <summary>Docker's answer (503) when a join outlasts its 20 s: the join is not over, it goes on.</summary>
    internal const string JoinGoesOn = "Timeout was reached before node joined";

    /// <summary>How long a join that outlasted Docker's 20 s may still take before it is called failed.</summary>
    private static readonly TimeSpan JoinWait = TimeSpan.FromMinutes(2);

    /// <summary>Until the node says it is in the swarm (active); a join that ends otherwise is reported with Docker's reason.</summary>
    private async Task WaitJoinedAsync(CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + JoinWait;
        while (true)
        {
            var state = await StateAsync(ct).ConfigureAwait(false);
            if (state.IsActive) return;
            if (state.LocalNodeState != LocalNodeState.Pending)
                throw Failed("swarm join", $"the join went on in the background and ended '{state.ReportedState}'{(string.IsNullOrEmpty(state.Error) ? "" : ": " + state.Error)}");
            if (DateTimeOffset.UtcNow > deadline)
                throw new SwarmToolsException(ErrorIds.SwarmJoinPending, FailureKind.Timeout,
                    $"{Name} is still joining the swarm (state 'pending') {JoinWait.TotalMinutes:0} min after Docker said the join goes on in the background; usually 2377/tcp to the manager is blocked or slow. " +
                    $"Stop it with: Get-SwarmNode -Name {Name} | Invoke-SwarmCommand 'docker swarm leave --force', check the network, and run again.", Name);
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    public Task RotateJoinTokensAsync(CancellationToken ct) =>
        ChangeAsync("docker swarm join-token --rotate -q worker >/dev/null && docker swarm join-token --rotate -q manager >/dev/null", ct);

    public Task PromoteAsync(string nodeId, CancellationToken ct) => ChangeAsync($"docker node promote {Quote(nodeId)}", ct);
    public Task DemoteAsync(string nodeId, CancellationToken ct) => ChangeAsync($"docker node demote {Quote(nodeId)}", ct);

    public Task SetAvailabilityAsync(string nodeId, NodeAvailability availability, CancellationToken ct) =>
        ChangeAsync($"docker node update --availability {DockerName(availability)} {Quote(nodeId)}", ct);

    public Task SetLabelsAsync(string nodeId, IEnumerable<string> add, IEnumerable<string> remove, CancellationToken ct) =>
        ChangeAsync("docker node update " + string.Join(" ", add.Select(l => "--label-add " + Quote(l)).Concat(remove.Select(l => "--label-rm " + Quote(l)))) + " " + Quote(nodeId), ct);

    public Task LeaveAsync(CancellationToken ct) => ChangeAsync("docker swarm leave", ct);
    public Task RemoveNodeAsync(string nodeId, CancellationToken ct) => ChangeAsync($"docker node rm {Quote(nodeId)}", ct);
    /// <summary>`docker node rm --force`: for a node whose droplet is gone, which may not be seen as down yet.</summary>
    public Task ForceRemoveNodeAsync(string nodeId, CancellationToken ct) => ChangeAsync($"docker node rm --force {Quote(nodeId)}", ct);

    /// <summary>Runs a state-changing command after telling the observer; a failure names the node and the command.</summary>
    public Task ChangeAsync(string command, CancellationToken ct) => ChangeAsync(command, command, ct);

    /// <summary>Like <see cref="ChangeAsync(string, CancellationToken)"/> for a script: the observer and errors see <paramref name="description"/>.</summary>
    public async Task ChangeAsync(string command, string description, CancellationToken ct)
    {
        _changing($"{Name}: {description}");
        var result = await _ssh.RunAsync(command, null, ChangeTimeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0) throw Failed(description, result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput);
    }

    /// <summary>
    /// Runs a state-changing command with <paramref name="stdin"/> on its standard input (where secrets
    /// travel: never in argv), after telling the observer <paramref name="description"/>; the raw result
    /// is returned, for the caller to judge (a non-zero exit code is not thrown).
    /// </summary>
    internal Task<CommandResult> ChangeWithInputAsync(string command, string description, string? stdin, TimeSpan timeout, CancellationToken ct)
    {
        _changing($"{Name}: {description}");
        return _ssh.RunAsync(command, stdin, timeout, ct);
    }

    /// <summary>Runs a command that changes nothing, with its own bound, and returns the raw result (for output larger or slower than a read).</summary>
    internal Task<CommandResult> RunAsync(string command, TimeSpan timeout, CancellationToken ct) => _ssh.RunAsync(command, null, timeout, ct);

    /// <summary>A failure of a command on this node, with Docker's words: DockerCommandFailed.</summary>
    internal SwarmToolsException CommandFailed(string what, string detail) => Failed(what, detail);

    /// <summary>Runs a command that changes nothing and returns its output; a failure names the node and the command.</summary>
    public async Task<string> ReadAsync(string command, CancellationToken ct)
    {
        var result = await _ssh.RunAsync(command, null, ReadTimeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0) throw Failed(command, result.StandardError);
        return result.StandardOutput;
    }

    private SwarmToolsException Failed(string what, string detail) =>
        new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.InvalidOperation,
            $"'{what}' failed on {Name}: {detail.Trim()}", Name);

    private static SwarmMember ParseMember(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string At(params string[] path)
        {
            var e = root;
            foreach (var p in path)
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e)) return "";
            return e.ValueKind == JsonValueKind.String ? e.GetString()! : e.ValueKind == JsonValueKind.True ? "true" : "";
        }
        var role = Parse(At("Spec", "Role"), SwarmRole.Worker);
        var reachability = At("ManagerStatus", "Reachability");
        ManagerStatus? managerStatus = At("ManagerStatus", "Leader") == "true" ? ManagerStatus.Leader
            : reachability.Length == 0 ? null : Parse(reachability, ManagerStatus.Unknown);
        var address = At("Status", "Addr");
        var managerAddress = At("ManagerStatus", "Addr");
        if ((address.Length == 0 || address == "0.0.0.0") && managerAddress.Length > 0) address = managerAddress.Split(':')[0];
        var labels = root.TryGetProperty("Spec", out var spec) && spec.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").ToArray() : Array.Empty<string>();
        return new SwarmMember
        {
            NodeId = At("ID"),
            Hostname = At("Description", "Hostname"),
            Role = role,
            Status = Parse(At("Status", "State"), NodeStatus.Unknown),
            Availability = Parse(At("Spec", "Availability"), NodeAvailability.Active),
            ManagerStatus = managerStatus,
            EngineVersion = At("Description", "Engine", "EngineVersion"),
            Address = address,
            Labels = labels,
        };
    }

    /// <summary>Docker's lower-case words ("manager", "ready", "drain") as our enums; an unknown word gives <paramref name="otherwise"/>.</summary>
    private static T Parse<T>(string word, T otherwise) where T : struct, Enum =>
        Enum.TryParse<T>(word, ignoreCase: true, out var value) && Enum.IsDefined(typeof(T), value) ? value : otherwise;

    /// <summary>The word Docker's CLI takes: manager, worker, drain, …</summary>
    internal static string DockerName<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Single-quotes for the remote shell.</summary>
    internal static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
