using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Nodes;

/// <summary>Droplet names: node1..nodeN from a prefix (as in the walkthrough), or explicit names.</summary>
public static class NodeNames
{
    public const string DefaultPrefix = "node";
    /// <summary>The API's limit (droplet_create `names`, maxLength).</summary>
    public const int MaxNameLength = 255;
    // The API's pattern (^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]$: ends with a letter or digit),
    // and, as a hostname, it starts with one too.
    private static readonly Regex Hostname = new Regex(@"^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$");
    private static readonly Regex Tag = new Regex(@"^[a-zA-Z0-9_:\-]{1,255}$");

    /// <summary>
    /// With a count, one name is a prefix (node → node1..node3); without, names are taken as given.
    /// </summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string>? names, int? count)
    {
        names ??= Array.Empty<string>();
        if (count is int n)
        {
            if (names.Count <= 1)
            {
                var prefix = names.Count == 1 ? names[0] : DefaultPrefix;
                var expanded = Enumerable.Range(1, n).Select(i => prefix + i).ToList();
                expanded.ForEach(Check);
                return expanded;
            }
            if (names.Count != n)
                throw new SwarmToolsException(ErrorIds.NameCountMismatch, FailureKind.InvalidArgument,
                    $"-Count is {n} but {names.Count} names were given. Give one name (a prefix: {names[0]}1..{names[0]}{n}), or as many names as -Count, or leave -Count out.", names);
        }
        var result = names.Count == 0 ? new List<string> { DefaultPrefix + "1" } : names.ToList();
        result.ForEach(Check);
        var duplicate = result.GroupBy(x => x, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
            throw new SwarmToolsException(ErrorIds.DuplicateName, FailureKind.InvalidArgument,
                $"The name '{duplicate.Key}' is given twice. Droplet names of a swarm must be unique.", duplicate.Key);
        return result;
    }

    public static void Check(string name)
    {
        if (name.Length > MaxNameLength || !Hostname.IsMatch(name))
            throw new SwarmToolsException(ErrorIds.InvalidName, FailureKind.InvalidArgument,
                $"'{Shorten(name)}' is not a valid droplet name: use letters, digits, '.' and '-' (no '_'), starting and ending with a letter or digit, at most {MaxNameLength} characters.", name);
    }

    private static string Shorten(string name) => name.Length <= 64 ? name : name.Substring(0, 60) + "…";

    public static void CheckTag(string tag)
    {
        if (!Tag.IsMatch(tag))
            throw new SwarmToolsException(ErrorIds.InvalidTag, FailureKind.InvalidArgument,
                $"'{tag}' is not a valid tag: use letters, digits, ':', '-' and '_' (at most 255).", tag);
    }
}
