using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// What a deploy would do, as far as can be told before it: services of the compose file that do not
/// exist yet are created; one whose image the file changes is updated; for the others Docker compares
/// the whole spec only when it deploys (the module reads it after and says whether it changed); with
/// -Prune, the stack's services not in the file are removed.
/// </summary>
public sealed class StackPlan
{
    public IReadOnlyList<string> Created { get; set; } = Array.Empty<string>();
    /// <summary>"web (image nginx:1.25 → nginx:1.27)".</summary>
    public IReadOnlyList<string> ImageChanged { get; set; } = Array.Empty<string>();
    /// <summary>Same image: updated only if another part of its spec differs.</summary>
    public IReadOnlyList<string> MaybeChanged { get; set; } = Array.Empty<string>();
    public IReadOnlyList<string> Removed { get; set; } = Array.Empty<string>();

    public static StackPlan For(string stack, ComposeFile file, IReadOnlyList<ServiceRecord> existing, bool prune)
    {
        var byName = existing.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var wanted = file.Images.Select(kv => (Name: stack + "_" + kv.Key, Image: kv.Value)).ToList();
        return new StackPlan
        {
            Created = wanted.Where(w => !byName.ContainsKey(w.Name)).Select(w => w.Name).ToList(),
            ImageChanged = wanted.Where(w => byName.TryGetValue(w.Name, out var s) && s.StackImage != w.Image)
                .Select(w => $"{w.Name} (image {byName[w.Name].StackImage} → {w.Image})").ToList(),
            MaybeChanged = wanted.Where(w => byName.TryGetValue(w.Name, out var s) && s.StackImage == w.Image).Select(w => w.Name).ToList(),
            Removed = prune ? existing.Select(s => s.Name).Where(n => wanted.All(w => w.Name != n)).ToList() : new List<string>(),
        };
    }

    /// <summary>The ShouldProcess action: what would change, and what cannot be told before.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Created.Count > 0) parts.Add("create " + string.Join(", ", Created));
        if (ImageChanged.Count > 0) parts.Add("update " + string.Join(", ", ImageChanged));
        if (MaybeChanged.Count > 0) parts.Add("update, if another part of its spec differs (Docker compares when it deploys), " + string.Join(", ", MaybeChanged));
        if (Removed.Count > 0) parts.Add("remove (-Prune) " + string.Join(", ", Removed));
        return "Deploy the stack: " + string.Join("; ", parts);
    }
}
