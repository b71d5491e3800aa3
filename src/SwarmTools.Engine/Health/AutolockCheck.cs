using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Health;

/// <summary>
/// A manager of an autolocked swarm stays locked after its Docker restarts until someone unlocks it
/// with the key: until then it is out of the raft group (a lost vote) while it looks up. Read on each
/// member itself, since the other managers only see it Unreachable. The key is never read or printed.
/// </summary>
public sealed class AutolockCheck : ISwarmCheck
{
    public string Name => "Autolock";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var read = await MemberRead.ReadEachAsync(context, context.Members, (host, c) => host.StateAsync(c), ct).ConfigureAwait(false);
        var findings = read.Where(r => r.Result?.LocalNodeState == LocalNodeState.Locked)
            .Select(r => context.Finding(Name, r.Member.Hostname, CheckStatus.Fail,
                $"{r.Member.Hostname} is locked: the swarm is autolocked and its Docker restarted, so it takes no part in the swarm until it is unlocked.",
                $"Unlock it with the swarm's unlock key (a manager that is not locked shows it: docker swarm unlock-key -q): " +
                $"on {r.Member.Hostname}, run 'docker swarm unlock' and enter the key when asked."))
            .ToList();
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"None of the {read.Count(r => r.Result != null)} members read is locked.{MemberRead.Unread(read)}"));
        return findings;
    }
}
