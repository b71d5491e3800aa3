namespace SwarmTools.Tests.Support;

/// <summary>Tests that share the sandbox run one after another: request-log marks and rate windows stay meaningful.</summary>
[CollectionDefinition(Name)]
public sealed class SandboxCollection
{
    public const string Name = "Sandbox";
}
