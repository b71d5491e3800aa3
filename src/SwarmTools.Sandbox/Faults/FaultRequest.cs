namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// POST /_sandbox/faults, one fault per call (camelCase, e.g. `retryAfter`):
///   status:  {kind, method?, path?, status, count=1, retryAfter?, message?, afterHandler=false}
///   delay:   {kind, method?, path?, delayMs, count=1}
///   stay-new / create-errors: {kind, name, count?}  (count omitted = every droplet of that name)
///   not-found-after-create / key-race: {kind, count=1}
///   create-untagged: {kind, count=1}  the next droplet creates make their droplets without their tags
///             (what DigitalOcean may do for a token without tag:create; --tag-create-missing untagged
///             does it for every such token)
///   key-lookup-lag: {kind, count=1}  the next GETs of one key (/v2/account/keys/{id or fingerprint})
///             answer 404 although the key is there (a just-uploaded key not yet visible)
///   action-not-found-after-create: {kind, count=1}  GET /v2/actions/{id} of the create action of a
///             droplet created from now on answers 404 (read-after-create lag), count times
///   list-lag: {kind, delayMs, count?}  droplets created from now on stay out of every list for delayMs
///             (count omitted = until cleared); GET by id still finds them
///   drop-answer: {kind, method?, path?, count=1}  the request takes effect, then the connection drops
///             without an answer (what a client timeout looks like)
///   cloud-init-degraded: {kind, name, count?}  lab: the host's boot ends with recoverable errors
///             (`cloud-init status --wait` exits 2, as cloud-init 23.4+ does)
///   slow-join: {kind, name, delayMs, count?}  lab: the host's swarm join takes delayMs longer
///             (2377 blocked from the moment it starts joining)
///   slow-delete: {kind, delayMs, count?}  droplets deleted from now on stay listed, active and
///             reachable for delayMs after the 204 instead of --delete-seconds (count omitted = until cleared)
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
