using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Each member's node certificate and the swarm's root CA, against their expiry. Docker renews node
/// certificates by itself once half to four fifths of their life has passed (90 days by default), so one
/// with under <see cref="Soon"/> left has missed its renewal; an expired one cuts the node off (mutual TLS).
/// Only certificates are read, never a key.
/// </summary>
public sealed class CertificateCheck : ISwarmCheck
{
    /// <summary>Where Docker keeps the node's certificate, under its data root (DockerRootDir).</summary>
    internal const string NodeCertCommand = "cat \"$(docker info --format '{{.DockerRootDir}}')/swarm/certificates/swarm-node.crt\"";
    internal const string CaCommand = "docker swarm ca";

    /// <summary>Warning under this much life left (a node certificate's renewal is overdue by then).</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromDays(7);

    public string Name => "Certificates";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var ca = Task.Run(() => context.Manager.ReadAsync(CaCommand, ct), ct);
        var read = await MemberRead.ReadEachAsync(context, context.Members, (host, c) => host.ReadAsync(NodeCertCommand, c), ct).ConfigureAwait(false);
        var now = DateTime.UtcNow;
        var findings = new List<SwarmCheck>();
        var caExpiry = ExpiryOf(await ca.ConfigureAwait(false));
        var caJudged = Judge(context, context.Swarm, "The swarm's root CA", caExpiry, now,
            $"Rotate the root CA before it expires: {context.OnManager("docker swarm ca --rotate")}");
        if (caJudged != null) findings.Add(caJudged);
        foreach (var (member, pem, _) in read.Where(r => r.Result != null))
        {
            var judged = Judge(context, member.Hostname, $"The node certificate of {member.Hostname}", ExpiryOf(pem!), now,
                $"Check {member.Hostname} reaches a manager on 2377/tcp (the SwarmPorts check) so it can renew, then issue new node certificates: {context.OnManager("docker swarm ca --rotate")}");
            if (judged != null) findings.Add(judged);
        }
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"The root CA expires {caExpiry:yyyy-MM-dd}; each of the {read.Count(r => r.Result != null)} node certificates read has more than {Soon.TotalDays:0} days left.{MemberRead.Unread(read)}"));
        return findings;
    }

    /// <summary>Fail once expired, Warning under <see cref="Soon"/>; null when it has time left.</summary>
    internal static SwarmCheck? Judge(HealthContext context, string target, string what, DateTime expiry, DateTime now, string remedy)
    {
        if (expiry <= now)
            return context.Finding("Certificates", target, CheckStatus.Fail, $"{what} expired at {expiry:u}: TLS with it fails.", remedy);
        var left = expiry - now;
        return left < Soon
            ? context.Finding("Certificates", target, CheckStatus.Warning, $"{what} expires at {expiry:u}, in {Describe(left)}.", remedy)
            : null;
    }

    private static string Describe(TimeSpan left) =>
        left.TotalDays >= 1 ? Count(left.TotalDays, "day") : left.TotalHours >= 1 ? Count(left.TotalHours, "hour") : Count(Math.Max(1, Math.Round(left.TotalMinutes)), "minute");

    private static string Count(double n, string unit) => $"{n:0.#} {unit}{(n.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) == "1" ? "" : "s")}";

    /// <summary>The expiry (UTC) of the first certificate in PEM text (a node's file holds its certificate first, then the CA's).</summary>
    internal static DateTime ExpiryOf(string pem)
    {
        const string begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----";
        var start = pem.IndexOf(begin, StringComparison.Ordinal);
        var stop = start < 0 ? -1 : pem.IndexOf(end, start, StringComparison.Ordinal);
        if (stop < 0)
            throw new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.InvalidOperation, "no PEM certificate was read where Docker keeps it.");
        var der = Convert.FromBase64String(string.Concat(pem.Substring(start + begin.Length, stop - start - begin.Length).Where(c => !char.IsWhiteSpace(c))));
        using var cert = new X509Certificate2(der);
        return cert.NotAfter.ToUniversalTime();
    }
}
