namespace SwarmTools.Engine.Orchestration;

/// <summary>No reachable manager among the candidates (NoManagerFound): a type of its own, because callers go on without one.</summary>
public sealed class NoManagerFoundException : SwarmToolsException
{
    public NoManagerFoundException(string message, object? target = null)
        : base(ErrorIds.NoManagerFound, FailureKind.NotFound, message, target) { }
}
