using SwarmTools.Contract;

namespace SwarmTools.Tests.Support;

/// <summary>DigitalOcean's OpenAPI description, parsed once for the tests that read facts out of it.</summary>
public static class Spec
{
    private static readonly Lazy<SpecFacts> Loaded = new(() => SpecFacts.Load(RepoPaths.OpenApiSpec));

    /// <summary>The parsed description, or a skip (a failure where CI=true) when it is absent.</summary>
    public static SpecFacts Facts
    {
        get
        {
            Requirements.OpenApiSpec();
            return Loaded.Value;
        }
    }
}
