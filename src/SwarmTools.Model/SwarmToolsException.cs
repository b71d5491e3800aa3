using System;

namespace SwarmTools;

/// <summary>What kind of failure, so the PowerShell face can pick a precise ErrorCategory.</summary>
public enum FailureKind
{
    InvalidArgument,
    NotFound,
    LimitExceeded,
    Unavailable,
    Timeout,
    Security,
    Connection,
    InvalidOperation,
}

/// <summary>
/// A failure the user can act on: a stable <see cref="ErrorId"/> (for scripts and
/// Should -Throw -ErrorId) and a message that says what to do next.
/// </summary>
public class SwarmToolsException : Exception
{
    public SwarmToolsException(string errorId, FailureKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public FailureKind Kind { get; }
    /// <summary>What the error is about (a node name, a parameter value).</summary>
    public object? Target { get; }
}
