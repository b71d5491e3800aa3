namespace SwarmTools.Tests.Support;

/// <summary>
/// Tests that share the api sandbox run one after another: request-log marks and rate windows stay
/// meaningful. And alone (after the parallel collections): they point the process's environment
/// (DIGITALOCEAN_API_URL, HOME) elsewhere than the lab tests do.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxCollection
{
    public const string Name = "Sandbox";
}
