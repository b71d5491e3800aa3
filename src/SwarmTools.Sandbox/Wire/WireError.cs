namespace SwarmTools.Sandbox.Wire;

/// <summary>The body of every 4xx/5xx answer (spec schema `error`).</summary>
public sealed record WireError(string Id, string Message, string RequestId);
