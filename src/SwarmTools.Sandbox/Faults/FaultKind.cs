using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmTools.Sandbox.Faults;

/// <summary>What a fault's arm request must carry besides its kind.</summary>
[Flags]
public enum FaultNeeds
{
    Nothing = 0,
    /// <summary>`status`: an HTTP status from 400 to 599.</summary>
    Status = 1,
    /// <summary>`delayMs`: 1 to 600000 ms.</summary>
    Delay = 2,
    /// <summary>`name`: the droplet name it applies to.</summary>
    Name = 4,
}

/// <summary>How long a fault armed without a `count` stays armed.</summary>
public enum FaultLasts
{
    /// <summary>One firing (count defaults to 1).</summary>
    OneFiring,
    /// <summary>Every matching request or droplet until DELETE /_sandbox/faults (or reset).</summary>
    UntilCleared,
}

/// <summary>
/// The table of fault kinds POST /_sandbox/faults accepts: each row is the wire name, what arming it needs
/// and how long it lasts without a count. Declaring a row is all the control API needs (validation, the
/// "Known:" list and the default count read this table).
/// Adding a fault: (1) a row here, with its doc; (2) where it fires: a request fault takes itself in
/// <see cref="FaultInjector"/> or its endpoint via <see cref="FaultBook.Take"/>; a fault of one droplet
/// becomes a field of <see cref="DropletFaults"/>, taken in <see cref="FaultBook.TakeDropletFaults"/> and read
/// where the droplet's boot or host acts on it; (3) a test that arms it and sees it fire.
/// </summary>
[JsonConverter(typeof(FaultKindJson))]
public sealed class FaultKind
{
    private static readonly List<FaultKind> Rows = [];

    /// <summary>{method?, path?, status, count=1, retryAfter?, message?, afterHandler=false}: the request is answered with the status (after taking effect with afterHandler).</summary>
    public static readonly FaultKind Status = new("status", FaultNeeds.Status, FaultLasts.OneFiring);

    /// <summary>{method?, path?, delayMs, count=1}: the answer is held back delayMs.</summary>
    public static readonly FaultKind Delay = new("delay", FaultNeeds.Delay, FaultLasts.OneFiring);

    /// <summary>{name, count?}: the droplet of that name never turns active (count omitted = every droplet of that name).</summary>
    public static readonly FaultKind StayNew = new("stay-new", FaultNeeds.Name, FaultLasts.UntilCleared);

    /// <summary>{name, count?}: the droplet's create action errors and the droplet vanishes.</summary>
    public static readonly FaultKind CreateErrors = new("create-errors", FaultNeeds.Name, FaultLasts.UntilCleared);

    /// <summary>{count=1}: GET /v2/droplets/{id} of a droplet created from now on answers 404 (read-after-create lag).</summary>
    public static readonly FaultKind NotFoundAfterCreate = new("not-found-after-create", FaultNeeds.Nothing, FaultLasts.OneFiring);

    /// <summary>{count=1}: GET /v2/actions/{id} of the create action of a droplet created from now on answers 404.</summary>
    public static readonly FaultKind ActionNotFoundAfterCreate = new("action-not-found-after-create", FaultNeeds.Nothing, FaultLasts.OneFiring);

    /// <summary>{count=1}: the next create that names keys is refused as if they were invalid (a just-uploaded key).</summary>
    public static readonly FaultKind KeyRace = new("key-race", FaultNeeds.Nothing, FaultLasts.OneFiring);

    /// <summary>{count=1}: the next GETs of one key (/v2/account/keys/{id or fingerprint}) answer 404 although the key is there.</summary>
    public static readonly FaultKind KeyLookupLag = new("key-lookup-lag", FaultNeeds.Nothing, FaultLasts.OneFiring);

    /// <summary>{delayMs, count?}: droplets created from now on stay out of every list for delayMs; GET by id still finds them.</summary>
    public static readonly FaultKind ListLag = new("list-lag", FaultNeeds.Delay, FaultLasts.UntilCleared);

    /// <summary>{method?, path?, count=1}: the request takes effect, then the connection drops unanswered (a client timeout).</summary>
    public static readonly FaultKind DropAnswer = new("drop-answer", FaultNeeds.Nothing, FaultLasts.OneFiring);

    /// <summary>{name, count?}: lab: the host's boot ends with recoverable errors (`cloud-init status --wait` exits 2, as cloud-init 23.4+ does).</summary>
    public static readonly FaultKind CloudInitDegraded = new("cloud-init-degraded", FaultNeeds.Name, FaultLasts.UntilCleared);

    /// <summary>{name, delayMs, count?}: lab: the host's swarm join takes delayMs longer (2377 blocked from the moment it starts joining).</summary>
    public static readonly FaultKind SlowJoin = new("slow-join", FaultNeeds.Name | FaultNeeds.Delay, FaultLasts.UntilCleared);

    /// <summary>{delayMs, count?}: droplets deleted from now on stay listed, active and reachable for delayMs after the 204 instead of --delete-seconds.</summary>
    public static readonly FaultKind SlowDelete = new("slow-delete", FaultNeeds.Delay, FaultLasts.UntilCleared);

    /// <summary>{count=1}: the next droplet creates make their droplets without their tags (DigitalOcean, for a token without tag:create).</summary>
    public static readonly FaultKind CreateUntagged = new("create-untagged", FaultNeeds.Nothing, FaultLasts.OneFiring);

    private FaultKind(string name, FaultNeeds needs, FaultLasts withoutCount)
    {
        Name = name;
        Needs = needs;
        WithoutCount = withoutCount;
        Rows.Add(this);
    }

    /// <summary>The `kind` on the wire.</summary>
    public string Name { get; }

    public FaultNeeds Needs { get; }

    public FaultLasts WithoutCount { get; }

    /// <summary>Every row, in declaration order.</summary>
    public static IReadOnlyList<FaultKind> All => Rows;

    /// <summary>The row of a wire name (trimmed, any case); null when there is none.</summary>
    public static FaultKind? Find(string? name)
    {
        var wanted = name?.Trim();
        return Rows.FirstOrDefault(k => k.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }

    public override string ToString() => Name;

    /// <summary>On the wire a kind is its name, as armed.</summary>
    private sealed class FaultKindJson : JsonConverter<FaultKind>
    {
        public override FaultKind? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Find(reader.GetString()) ?? throw new JsonException($"Unknown fault kind '{reader.GetString()}'.");

        public override void Write(Utf8JsonWriter writer, FaultKind value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Name);
    }
}
