namespace SwarmTools.Tests.Support;

[CollectionDefinition(Name)]
public sealed class LabCollection
{
    public const string Name = "Lab";
}
