namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// A swarm join token: a secret (a manager token hands over the cluster). It prints as
/// "***" so that no log, message or debugger display can leak it by accident.
/// </summary>
internal sealed class JoinToken
{
    public JoinToken(string value) => Value = value;

    public string Value { get; }

    /// <summary>Removes the token from text that came back from a host (error messages).</summary>
    public string Scrub(string text) => string.IsNullOrEmpty(Value) ? text : text.Replace(Value, "***");

    public override string ToString() => "***";
}
