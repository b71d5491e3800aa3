namespace SwarmTools;

/// <summary>What a command printed and returned on one node (Invoke-SwarmCommand).</summary>
public sealed class SwarmCommandResult
{
    public string Node { get; set; } = "";
    public string Address { get; set; } = "";
    public int ExitCode { get; set; }
    public string StandardOutput { get; set; } = "";
    public string StandardError { get; set; } = "";
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => StandardOutput;
}
