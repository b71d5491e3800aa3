using System;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// The name of a swarm's cloud firewall: a one-to-one function of the swarm tag, so two swarms
/// never share one (prod_a and prod-a used to). Tags allow letters, digits, '-', '_' and ':';
/// firewall names letters, digits, '-' and '.', so '.' escapes the other two ("_" → ".u",
/// ":" → ".c"). A name that would pass 255 characters ends in ".h" and a hash of the whole tag.
/// </summary>
public static class CloudFirewallName
{
    public const string Prefix = "swarmtools-";
    /// <summary>DigitalOcean's longest firewall name.</summary>
    public const int MaxLength = 255;
    private const int HashChars = 32;

    public static string For(string swarmTag)
    {
        var name = new StringBuilder(Prefix);
        foreach (var c in swarmTag)
            name.Append(c switch
            {
                '_' => ".u",
                ':' => ".c",
                _ when IsKept(c) => c.ToString(),
                _ => ".x" + ((int)c).ToString("x4"), // not a tag character; kept one-to-one all the same
            });
        if (name.Length <= MaxLength) return name.ToString();
        return name.ToString(0, MaxLength - HashChars - 2) + ".h" + Hash(swarmTag);
    }

    private static bool IsKept(char c) => c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

    private static string Hash(string tag)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(tag));
        var hex = new StringBuilder();
        foreach (var b in bytes) hex.Append(b.ToString("x2"));
        return hex.ToString(0, HashChars);
    }
}
