namespace SwarmTools.Tests.Support;

/// <summary>
/// What a test needs from the machine, and what happens without it: on a user's machine the
/// test is reported skipped with its reason; where CI=true (or build.ps1 -RequireLab, which sets
/// SWARMTOOLS_REQUIRE_LAB) it fails, so a run that could not exercise the lab never looks green.
/// </summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool LabRequired => InCi || Environment.GetEnvironmentVariable("SWARMTOOLS_REQUIRE_LAB") == "1";

    /// <summary>Lab hosts (network namespaces, bridges, mounts) need root.</summary>
    public static void Root()
    {
        if (IsRoot) return;
        const string why = "needs root: lab hosts are network namespaces with their own sshd, dockerd and ufw";
        if (LabRequired) throw new InvalidOperationException($"Lab tests are required here (CI=true or -RequireLab) but this run {why}.");
        throw new SkipException(why);
    }

    /// <summary>DigitalOcean's OpenAPI description, or a skip that says where to get it.</summary>
    public static string OpenApiSpec()
    {
        var path = RepoPaths.OpenApiSpec;
        if (File.Exists(path)) return path;
        var why = $"needs DigitalOcean's OpenAPI description at {path} (or a path in SWARMTOOLS_OPENAPI): " +
                  "bundle https://github.com/digitalocean/openapi into one file (its README: `make bundle`)";
        if (InCi) throw new InvalidOperationException("Contract tests are required where CI=true, but it " + why);
        throw new SkipException(why);
    }

    private static bool IsRoot => File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:") && l.Split('\t')[1] == "0");
}
