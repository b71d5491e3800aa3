namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// POST /_sandbox/faults, one fault per call (camelCase, e.g. `retryAfter`):
///   status:  {kind, method?, path?, status, count=1, retryAfter?, message?, afterHandler=false}
///   delay:   {kind, method?, path?, delayMs, count=1}
///   stay-new / create-errors: {kind, name, count?}  (count omitted = every droplet of that name)
///   not-found-after-create / key-race: {kind, count=1}
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
