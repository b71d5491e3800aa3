using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Free space on the filesystem where each member's Docker keeps its data (DockerRootDir): images,
/// containers, volumes and, on managers, the raft log. A full one stops pulls, new tasks and raft writes.
/// </summary>
public sealed class DiskSpaceCheck : ISwarmCheck
{
    /// <summary>POSIX df of Docker's data root: one header line, then "filesystem blocks used available capacity mount" in KiB.</summary>
    internal const string Command = "d=$(docker info --format '{{.DockerRootDir}}') && echo \"$d\" && df -Pk \"$d\"";

    private const long GiB = 1024L * 1024 * 1024;
    /// <summary>Fail under either (a pull or a raft snapshot can take that much); Warning under either of the looser pair.</summary>
    internal static readonly (double Percent, long Bytes) FailUnder = (5, 1 * GiB), WarnUnder = (15, 5 * GiB);

    public string Name => "DiskSpace";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var read = await MemberRead.ReadEachAsync(context, context.Members, (host, c) => host.ReadAsync(Command, c), ct).ConfigureAwait(false);
        var findings = read.Where(r => r.Result != null).Select(r => Judge(context, r.Member.Hostname, r.Result!)).Where(f => f != null).Select(f => f!).ToList();
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"Docker's data root has at least {WarnUnder.Percent}% and {WarnUnder.Bytes / GiB} GiB free on each of the {read.Count(r => r.Result != null)} members read.{MemberRead.Unread(read)}"));
        return findings;
    }

    /// <summary>The finding for one member's <see cref="Command"/> output; null when it has room.</summary>
    internal static SwarmCheck? Judge(HealthContext context, string member, string output)
    {
        var lines = output.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        var fields = lines.Count >= 3 ? lines[lines.Count - 1].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries) : Array.Empty<string>();
        if (fields.Length < 6 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var used)
                              || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var available))
            throw new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.InvalidOperation, $"df on {member} printed what it does not read: {output.Trim()}");
        var root = lines[0];
        var free = available * 1024;
        var percent = used + available == 0 ? 0 : 100.0 * available / (used + available);
        var status = percent < FailUnder.Percent || free < FailUnder.Bytes ? CheckStatus.Fail
            : percent < WarnUnder.Percent || free < WarnUnder.Bytes ? CheckStatus.Warning : CheckStatus.Pass;
        if (status == CheckStatus.Pass) return null;
        return context.Finding("DiskSpace", member, status,
            $"{member} has {Size(free)} ({percent:0.#}%) free where Docker keeps its data ({root}, on {fields[5]}): " +
            (status == CheckStatus.Fail ? "image pulls, new tasks and raft writes fail once it is full." : "it is running low."),
            $"Free space on {member}: Get-SwarmNode -Name {member} | Invoke-SwarmCommand 'docker system df' shows what Docker holds, " +
            "'docker image prune -a' removes images no container uses; or grow the volume.");
    }

    private static string Size(long bytes) =>
        bytes >= GiB ? $"{(double)bytes / GiB:0.#} GiB" : $"{bytes / (1024.0 * 1024):0.#} MiB";
}
