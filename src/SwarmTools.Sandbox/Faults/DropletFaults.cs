namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// The faults armed for one droplet at its create, taken together (<see cref="FaultBook.TakeDropletFaults"/>).
/// The last two matter to lab hosts only.
/// </summary>
public sealed record DropletFaults(
    bool StaysNew = false,
    bool FailsCreate = false,
    TimeSpan? ListLag = null,
    bool CloudInitDegraded = false,
    TimeSpan? SlowJoin = null)
{
    public static readonly DropletFaults None = new();
}
