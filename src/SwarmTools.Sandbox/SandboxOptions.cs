using System.Globalization;

namespace SwarmTools.Sandbox;

/// <summary>
/// Command-line options (`--name value` or `--name=value`). The token is deliberately not one:
/// argv is visible to every user of the machine, so it comes from SWARMTOOLS_SANDBOX_TOKEN.
/// </summary>
public sealed record SandboxOptions
{
    public const string TokenVariable = "SWARMTOOLS_SANDBOX_TOKEN";

    public int Port { get; init; }
    public double BootSeconds { get; init; } = 3;
    public int DropletLimit { get; init; } = 25;
    public int RatePerMinute { get; init; } = 250;
    public int RatePerHour { get; init; } = 5000;
    public int KeysPerMinute { get; init; } = 10;
    public SandboxMode Mode { get; init; } = SandboxMode.Api;

    /// <summary>lab mode: sshd starts at least this long after the droplet turns active.</summary>
    public double SshdDelaySeconds { get; init; } = 1;

    /// <summary>lab mode: dockerd starts this long after sshd.</summary>
    public double DockerdDelaySeconds { get; init; } = 1;

    /// <summary>
    /// How long a deleted droplet stays listed, active, counted and reachable after the 204, as
    /// on DigitalOcean, where it goes seconds (sometimes minutes) later (godo #146).
    /// </summary>
    public double DeleteSeconds { get; init; } = 3;

    /// <summary>The main token's scopes (`--token-scopes droplet:read,droplet:create,…`); null: full access.</summary>
    public IReadOnlyList<string>? TokenScopes { get; init; }

    /// <summary>
    /// What a droplet create with tags does for a token without tag:create (`--tag-create-missing`),
    /// which DigitalOcean documents as an associated scope without saying which it does:
    /// "refuse" (403, nothing made) or "untagged" (the droplets are made, without their tags).
    /// </summary>
    public string TagCreateMissing { get; init; } = RefuseCreate;

    public const string RefuseCreate = "refuse";
    public const string CreateUntagged = "untagged";

    public TimeSpan BootDelay => TimeSpan.FromSeconds(BootSeconds);
    public TimeSpan DeleteDelay => TimeSpan.FromSeconds(DeleteSeconds);

    public static SandboxOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SandboxOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = Split(args, ref i);
            options = name switch
            {
                "--port" => options with { Port = Int(name, value, 0, 65535) },
                "--boot-seconds" => options with { BootSeconds = Double(name, value, 86_400) },
                "--delete-seconds" => options with { DeleteSeconds = Double(name, value, 86_400) },
                "--droplet-limit" => options with { DropletLimit = Int(name, value, 0, 100_000) },
                "--rate-per-minute" => options with { RatePerMinute = Int(name, value, 1, int.MaxValue) },
                "--rate-per-hour" => options with { RatePerHour = Int(name, value, 1, int.MaxValue) },
                "--keys-per-minute" => options with { KeysPerMinute = Int(name, value, 1, int.MaxValue) },
                "--sshd-delay" => options with { SshdDelaySeconds = Double(name, value, 9_999) },
                "--dockerd-delay" => options with { DockerdDelaySeconds = Double(name, value, 9_999) },
                "--token-scopes" => options with { TokenScopes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--tag-create-missing" => options with { TagCreateMissing = value is RefuseCreate or CreateUntagged ? value : throw Invalid(name, value, "refuse or untagged") },
                "--mode" => options with { Mode = value switch { "api" => SandboxMode.Api, "lab" => SandboxMode.Lab, _ => throw Invalid(name, value, "api or lab") } },
                _ => throw new SandboxStartupException($"Unknown option '{name}'."),
            };
        }
        return options;
    }

    private static (string Name, string Value) Split(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=');
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            return (arg[..equals], arg[(equals + 1)..]);
        if (i + 1 >= args.Count)
            throw new SandboxStartupException($"Option '{arg}' needs a value.");
        return (arg, args[++i]);
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid(name, value, $"an integer from {min} to {max}");

    private static double Double(string name, string value, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d <= max
            ? d
            : throw Invalid(name, value, $"a number of seconds from 0 to {max.ToString(CultureInfo.InvariantCulture)}");

    private static SandboxStartupException Invalid(string name, string value, string expected) =>
        new($"Option {name} got '{value}'; expected {expected}.");
}

/// <summary>`--mode`: droplets in the API only, or each booted as a lab host.</summary>
public enum SandboxMode
{
    Api,
    Lab,
}

/// <summary>A problem with how the sandbox was started: reported on stderr, exit code 2.</summary>
public sealed class SandboxStartupException(string message) : Exception(message);
