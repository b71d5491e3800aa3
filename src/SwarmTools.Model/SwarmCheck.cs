namespace SwarmTools;

/// <summary>How a health check of a swarm came out.</summary>
public enum CheckStatus
{
    Pass,
    /// <summary>Works now, but needs attention (a drained node, an even manager count).</summary>
    Warning,
    Fail,
}

/// <summary>One finding of Test-Swarm: which check, about what, how it came out, and how to fix it.</summary>
public sealed class SwarmCheck
{
    /// <summary>The check's stable name (Quorum, Leader, NodeStatus…), as -Check and -ExcludeCheck take it.</summary>
    public string Check { get; set; } = "";
    /// <summary>The swarm (its tag) or the node the finding is about.</summary>
    public string Target { get; set; } = "";
    public CheckStatus Status { get; set; }
    public string Message { get; set; } = "";
    /// <summary>The command or step that fixes it; empty when it passed.</summary>
    public string Remedy { get; set; } = "";

    public override string ToString() => $"{Status} {Check} {Target}: {Message}";
}
