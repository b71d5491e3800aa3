namespace SwarmTools.Tests.Support;

/// <summary>Tests that change the process's environment (HOME): alone, after the parallel collections, so no other test reads it meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Environment";
}
