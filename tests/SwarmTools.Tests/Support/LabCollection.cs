namespace SwarmTools.Tests.Support;

/// <summary>
/// Lab tests that need the lab to themselves: they stop the shared lab or start their own, change
/// the process's environment (HOME, DOCKER_CONFIG) or its SSH sessions, set a fault for every
/// droplet, read the sandbox's whole request log, or restart a host's daemons and wait on the swarm (RebootTests). They run one after another, after the
/// parallel collections. A new lab test belongs here unless it is shown to fit <see cref="LabParallel"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "Lab";
}

/// <summary>
/// Lab tests that run beside other lab tests: each makes hosts of its own under a tag of its own,
/// names its faults after its own droplets, and changes nothing shared (the environment, the
/// module's SSH sessions, the shared lab, faults for every droplet). One class is one collection
/// (<c>[Collection(LabParallel.Own + nameof(TheClass))]</c>); its tests run one after another.
/// </summary>
public static class LabParallel
{
    public const string Own = "Lab, in parallel: ";

    /// <summary>Tests that write cloud firewalls or count the firewall requests in the request log: one after another, so a count sees its own test's requests only.</summary>
    public const string CloudFirewalls = Own + "cloud firewalls";
}
