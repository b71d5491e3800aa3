namespace SwarmTools.Sandbox.Faults;

/// <summary>The `kind` values the control API accepts.</summary>
public static class FaultKind
{
    public const string Status = "status";
    public const string Delay = "delay";
    public const string StayNew = "stay-new";
    public const string CreateErrors = "create-errors";
    public const string NotFoundAfterCreate = "not-found-after-create";
    public const string KeyRace = "key-race";
    public const string ListLag = "list-lag";
    public const string DropAnswer = "drop-answer";
    public const string CloudInitDegraded = "cloud-init-degraded";
    public const string SlowJoin = "slow-join";
    public const string SlowDelete = "slow-delete";
    public const string CreateUntagged = "create-untagged";
    public const string KeyLookupLag = "key-lookup-lag";
    public const string ActionNotFoundAfterCreate = "action-not-found-after-create";
}
