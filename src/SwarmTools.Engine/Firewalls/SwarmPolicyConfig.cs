using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// The firewall policy kept in the swarm itself, as a Docker config (raft: every manager reads the
/// same, whichever node a later join or removal goes through). Configs cannot change, so each policy
/// is a config named after its content, and writing one removes the others.
/// </summary>
public static class SwarmPolicyConfig
{
    public const string Label = "swarmtools.firewall-policy";
    private const string Prefix = "swarmtools-firewall-policy-";

    /// <summary>A read for <see cref="HostFirewallState.ReadCommand"/>: "raft-index \"base64\"" per config (nothing on a worker or without Docker).</summary>
    public const string ReadCommand =
        "if command -v docker >/dev/null; then for c in $(docker config ls -q --filter label=" + Label + " 2>/dev/null); do " +
        "docker config inspect --format '{{.Version.Index}} {{json .Spec.Data}}' \"$c\" 2>/dev/null; done; fi";

    /// <summary>The newest policy among the lines <see cref="ReadCommand"/> printed; empty when there is none.</summary>
    public static string Parse(IEnumerable<string> lines)
    {
        var newest = lines.Select(l => l.Trim().Split(new[] { ' ' }, 2)).Where(f => f.Length == 2 && ulong.TryParse(f[0], out _))
            .OrderByDescending(f => ulong.Parse(f[0])).FirstOrDefault();
        if (newest is null) return "";
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(newest[1].Trim().Trim('"'))).Trim(); }
        catch (FormatException) { return ""; }
    }

    public static string NameFor(string policyJson)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(policyJson));
        return Prefix + string.Concat(hash.Take(6).Select(b => b.ToString("x2")));
    }

    /// <summary>Removes every policy kept in the swarm (run on a manager; Remove-SwarmFirewall).</summary>
    public const string RemoveCommand =
        "for c in $(docker config ls -q --filter label=" + Label + "); do docker config rm \"$c\" >/dev/null; done";

    /// <summary>Keeps <paramref name="policyJson"/> in the swarm (run on a manager) and removes earlier policies.</summary>
    public static string WriteCommand(string policyJson)
    {
        var name = NameFor(policyJson);
        return "set -e\n" +
               $"docker config inspect {name} >/dev/null 2>&1 || docker config create --label {Label}=1 {name} - >/dev/null <<'SWARMTOOLS'\n{policyJson}\nSWARMTOOLS\n" +
               $"for c in $(docker config ls -q --filter label={Label}); do\n" +
               $"  [ \"$(docker config inspect --format '{{{{.Spec.Name}}}}' \"$c\")\" = {name} ] || docker config rm \"$c\" >/dev/null\ndone\n";
    }
}
