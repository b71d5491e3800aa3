using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Nodes;

/// <summary>A checked request: what exists already under the swarm tag and what will be created.</summary>
public sealed class NodePlan
{
    public NodePlan(NodeSpec spec, string image, IReadOnlyList<SwarmNode> existing, IReadOnlyList<string> toCreate, bool keyOnAccount)
    {
        Spec = spec;
        Image = image;
        Existing = existing;
        ToCreate = toCreate;
        KeyOnAccount = keyOnAccount;
    }

    public NodeSpec Spec { get; }
    /// <summary>The image slug (or id) to create from: the one asked for, or the region's newest Docker image.</summary>
    public string Image { get; }
    /// <summary>Droplets of the swarm that already have a requested name: returned, not duplicated.</summary>
    public IReadOnlyList<SwarmNode> Existing { get; }
    public IReadOnlyList<string> ToCreate { get; }
    /// <summary>False when the SSH key must be uploaded first.</summary>
    public bool KeyOnAccount { get; }

    /// <summary>One sentence for ShouldProcess and -WhatIf.</summary>
    public string Describe()
    {
        var s = Spec;
        var text = $"Create {ToCreate.Count} droplet(s) ({string.Join(", ", ToCreate)}) in {s.Region}, size {s.Size}, image {Image}, tagged {string.Join(", ", AllTags)}";
        if (!KeyOnAccount && s.SshKey != null) text += $"; upload SSH key {s.SshKey.Md5Fingerprint}";
        if (Existing.Count > 0) text += $"; {string.Join(", ", Existing.Select(n => n.Name))} exist(s) already and will be returned";
        text += s.RemoveFailed ? "; delete the droplet of any created node that fails" : "; keep the droplet of any node that fails, and name it";
        return text;
    }

    /// <summary>The swarm tag, the user's tags, and the record of the SSH key the droplets are made with.</summary>
    public IReadOnlyList<string> AllTags => new[] { Spec.SwarmTag }.Concat(Spec.Tags)
        .Concat(Spec.SshKey is null ? Enumerable.Empty<string>() : new[] { NodeKeyTag.For(Spec.SshKey) }).Distinct().ToList();
}
