namespace SwarmTools.Tests.Support;

/// <summary>Where the tests find the built module, the sandbox and DigitalOcean's OpenAPI description.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The importable module folder that build.ps1 assembles (tests run against the built artifact).</summary>
    public static string ModuleManifest => Path.Combine(Root, "out", "SwarmTools", "SwarmTools.psd1");
    public static string SandboxDll => Path.Combine(Root, "out", "SwarmTools", "sandbox", "SwarmTools.Sandbox.dll");
    /// <summary>SWARMTOOLS_OPENAPI, else ../shared/digitalocean/openapi.yaml (CI lays shared/ beside the clone, read-only).</summary>
    public static string OpenApiSpec =>
        Environment.GetEnvironmentVariable("SWARMTOOLS_OPENAPI") is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "digitalocean", "openapi.yaml"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SwarmTools.sln"))) return dir.FullName;
        throw new InvalidOperationException("SwarmTools.sln not found above " + AppContext.BaseDirectory);
    }
}
