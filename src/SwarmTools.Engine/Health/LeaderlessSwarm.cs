using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Test-Swarm's findings when no manager answers for the swarm: during a leader election, or once
/// the quorum is lost. That is the swarm's worst health, so it is reported as findings (a runbook's
/// Pester test gets a Fail, not an error): Quorum and Leader fail, each node that does not answer
/// over SSH and each locked one is named, and every other check chosen fails as not made.
/// </summary>
public static class LeaderlessSwarm
{
    /// <summary>How long finding a manager and reading the swarm through it may take: a manager that is up answers in a second or two.</summary>
    public static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(15);
    /// <summary>How long each node gets to say its state once no manager answered (all at once): a member read's own bounds, held whatever SSH does.</summary>
    public static readonly TimeSpan ProbeBound = MemberRead.ConnectBound + MemberRead.ReadBound;

    /// <summary>
    /// A manager and the swarm as it reads it, within <see cref="ReadBound"/> whatever the hosts do; else
    /// why no manager answers for the swarm (a manager without a leader may hang on its node list).
    /// </summary>
    public static async Task<(NodeShell? Manager, Swarm? Swarm, string Why)> ReadAsync(ManagerLocator locator, IReadOnlyList<SwarmNode> candidates,
        IReadOnlyList<SwarmNode> droplets, CancellationToken ct)
    {
        var read = await HardBound.WithinAsync(ReadBound, async c =>
        {
            NodeShell manager;
            try { manager = await locator.FindAsync(candidates, null, c).ConfigureAwait(false); }
            catch (NoManagerFoundException) { return Tuple.Create<NodeShell?, Swarm?, string>(null, null, "no node answered as a manager that can list the members"); }
            try { return Tuple.Create<NodeShell?, Swarm?, string>(manager, await SwarmReader.ReadAsync(manager, droplets, c).ConfigureAwait(false), ""); }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security) { return Tuple.Create<NodeShell?, Swarm?, string>(null, null, $"{manager.Name} stopped answering as a manager: {e.Message}"); }
        }, ct).ConfigureAwait(false);
        return read is null ? (null, null, $"no manager answered for it within {ReadBound.TotalSeconds:0} s") : (read.Item1, read.Item2, read.Item3);
    }

    public static async Task<IReadOnlyList<SwarmCheck>> FindingsAsync(string swarm, IReadOnlyList<SwarmNode> droplets,
        Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, IReadOnlyList<ISwarmCheck> checks, string why, CancellationToken ct)
    {
        var states = await Task.WhenAll(droplets.Select(async d =>
        {
            var read = await HardBound.WithinAsync(ProbeBound, async c =>
            {
                var (state, error) = await MemberRead.ReadAsync(connect, d, (host, cc) => host.StateAsync(cc), c).ConfigureAwait(false);
                return Tuple.Create(state, error);
            }, ct).ConfigureAwait(false);
            return (Droplet: d, State: read?.Item1, Error: read is null ? $"no answer within {ProbeBound.TotalSeconds:0} s" : read.Item2);
        })).ConfigureAwait(false);
        var silent = states.Where(s => s.State is null).ToList();
        var locked = states.Where(s => s.State?.LocalNodeState == LocalNodeState.Locked).ToList();
        var managers = states.Where(s => s.State is { IsActive: true, IsManager: true }).Select(s => s.Droplet.Name).ToList();
        var bringBack = silent.Concat(locked).Select(s => s.Droplet.Name).OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();

        SwarmCheck Finding(string check, string target, string message, string remedy) =>
            new SwarmCheck { Check = check, Target = target, Status = CheckStatus.Fail, Message = message, Remedy = remedy };
        var findings = new List<SwarmCheck>();
        foreach (var check in checks)
        {
            var before = findings.Count;
            switch (check.Name)
            {
                case "Quorum":
                    findings.Add(Finding(check.Name, swarm,
                        $"No manager answers for the swarm ({why}). " +
                        (managers.Count > 0 ? $"{string.Join(", ", managers)} {(managers.Count == 1 ? "is a manager" : "are managers")} with no leader: " : "") +
                        "an election is under way, or fewer than a majority of the managers are up.",
                        "Run Test-Swarm again in a few seconds: an election ends by itself. If it stays so, bring back the managers that do not answer" +
                        (bringBack.Count > 0 ? $" ({string.Join(", ", bringBack)})" : "") +
                        ". If they are lost for good, run 'docker swarm init --force-new-cluster' on a surviving manager, then add managers again."));
                    break;
                case "Leader":
                    findings.Add(Finding(check.Name, swarm, "No manager leads the swarm: none answers for it.",
                        "Check that the managers are up and reach each other on 2377/tcp, then run Test-Swarm again."));
                    break;
                case "NodeStatus":
                    findings.AddRange(silent.Select(s => Finding(check.Name, s.Droplet.Name,
                        $"{s.Droplet.Name} does not answer ({s.Error}).",
                        $"Check the droplet is on and reachable (Get-SwarmNode -Name {s.Droplet.Name}), then run Test-Swarm again.")));
                    break;
                case "Autolock":
                    findings.AddRange(locked.Select(s => Finding(check.Name, s.Droplet.Name,
                        $"{s.Droplet.Name} is locked: the swarm is autolocked and its Docker restarted, so it takes no part in the swarm until it is unlocked.",
                        $"On {s.Droplet.Name}, run 'docker swarm unlock' and enter the swarm's unlock key when asked.")));
                    break;
            }
            if (findings.Count == before)
                findings.Add(Finding(check.Name, swarm, "The check could not be made: no manager answers for the swarm (see the Quorum check).",
                    "Bring back a manager with a quorum, then run Test-Swarm again."));
        }
        return findings;
    }
}
