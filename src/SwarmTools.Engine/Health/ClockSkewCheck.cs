using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Each member's clock against the others'. Raft counts its own ticks, but TLS does not: swarmkit backdates
/// the certificates it issues by an hour, so past that a node refuses its peers' fresh certificates; long
/// before, logs, task timestamps and token expiries disagree. Each clock is sampled over SSH with the round
/// trip measured, and a member is judged by how far it surely is from the median (its doubt taken off).
/// </summary>
public sealed class ClockSkewCheck : ISwarmCheck
{
    /// <summary>Nanoseconds since the epoch, as the member's clock has it.</summary>
    internal const string Command = "date +%s%N";

    /// <summary>NTP keeps clocks within milliseconds: a second apart means one is not synchronised.</summary>
    internal static readonly TimeSpan WarnOver = TimeSpan.FromSeconds(1);
    /// <summary>Well short of swarmkit's hour of backdating, and past anything NTP would leave.</summary>
    internal static readonly TimeSpan FailOver = TimeSpan.FromMinutes(5);

    public string Name => "ClockSkew";

    /// <summary>A member's clock less the local one, give or take <see cref="Doubt"/> (half the round trip).</summary>
    internal sealed class Sample
    {
        public Sample(TimeSpan offset, TimeSpan doubt) { Offset = offset; Doubt = doubt; }
        public TimeSpan Offset { get; }
        public TimeSpan Doubt { get; }
    }

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var read = await MemberRead.ReadEachAsync(context, context.Members, SampleAsync, ct).ConfigureAwait(false);
        var samples = read.Where(r => r.Result != null).Select(r => (r.Member.Hostname, Sample: r.Result!)).ToList();
        var findings = Judge(context, samples);
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"The clocks of the {samples.Count} members read agree within {WarnOver.TotalSeconds:0} s.{MemberRead.Unread(read)}"));
        return findings;
    }

    private static async Task<Sample> SampleAsync(Orchestration.NodeShell host, CancellationToken ct)
    {
        var sent = DateTime.UtcNow;
        var trip = Stopwatch.StartNew();
        var output = await host.ReadAsync(Command, ct).ConfigureAwait(false);
        trip.Stop();
        if (!long.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var nanos))
            throw new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.InvalidOperation, $"'{Command}' on {host.Name} printed what it does not read: {output.Trim()}");
        var remote = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(nanos / 100);
        var half = TimeSpan.FromTicks(trip.Elapsed.Ticks / 2);
        return new Sample(remote - (sent + half), half);
    }

    /// <summary>A finding for each member surely more than <see cref="WarnOver"/> from the median clock.</summary>
    internal static List<SwarmCheck> Judge(HealthContext context, IReadOnlyList<(string Member, Sample Sample)> samples)
    {
        var findings = new List<SwarmCheck>();
        if (samples.Count < 2) return findings;
        var reference = samples.OrderBy(s => s.Sample.Offset).ElementAt((samples.Count - 1) / 2);
        foreach (var (member, sample) in samples)
        {
            var apart = sample.Offset - reference.Sample.Offset;
            var surely = TimeSpan.FromTicks(Math.Max(0, Math.Abs(apart.Ticks) - sample.Doubt.Ticks - reference.Sample.Doubt.Ticks));
            if (surely <= WarnOver) continue;
            findings.Add(context.Finding("ClockSkew", member, surely > FailOver ? CheckStatus.Fail : CheckStatus.Warning,
                $"{member}'s clock is {Math.Abs(apart.TotalSeconds):0.#} s {(apart > TimeSpan.Zero ? "ahead of" : "behind")} the others' " +
                $"(±{(sample.Doubt + reference.Sample.Doubt).TotalSeconds:0.##} s)" +
                (surely > FailOver ? ": past an hour, its TLS with the other members fails." : "."),
                $"Keep its clock synchronised: Get-SwarmNode -Name {member} | Invoke-SwarmCommand 'timedatectl set-ntp true' (or install chrony), then run Test-Swarm again."));
        }
        return findings;
    }
}
