namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// POST /_sandbox/faults, one fault per call (camelCase, e.g. `retryAfter`). Which fields each kind
/// needs, what it does and how long it lasts without a count: the table in <see cref="FaultKind"/>.
/// </summary>
public sealed record FaultRequest(
    string? Kind,
    string? Method,
    string? Path,
    int? Status,
    int? Count,
    int? RetryAfter,
    string? Message,
    bool? AfterHandler,
    int? DelayMs,
    string? Name);
