namespace SwarmTools.Engine.LocalSandbox;

/// <summary>How the sandbox's droplets exist.</summary>
public enum SandboxMode
{
    /// <summary>Every droplet boots as a lab host on this machine (real sshd, dockerd, ufw; needs root).</summary>
    Lab,
    /// <summary>Droplets exist in the API only.</summary>
    Api,
}

/// <summary>How the local DigitalOcean sandbox behaves.</summary>
public sealed class SandboxLaunchOptions
{
    /// <summary>How long a droplet stays "new" before it turns "active".</summary>
    public double BootSeconds { get; set; } = 3;
    /// <summary>How long a deleted droplet stays listed (and its host up) after the delete was accepted, as on DigitalOcean.</summary>
    public double DeleteSeconds { get; set; } = 3;
    public int DropletLimit { get; set; } = 25;
    /// <summary>Requests per sliding minute before the sandbox answers 429.</summary>
    public int RatePerMinute { get; set; } = 250;
    /// <summary>Droplets exist in the API only (no lab hosts).</summary>
    public bool ApiOnly { get; set; }
    public SandboxMode Mode => ApiOnly ? SandboxMode.Api : SandboxMode.Lab;
    /// <summary>Lab hosts: seconds after "active" before sshd answers (a droplet's SSH lags its status).</summary>
    public double SshdDelaySeconds { get; set; } = 1;
    /// <summary>Lab hosts: seconds after sshd before dockerd answers.</summary>
    public double DockerdDelaySeconds { get; set; } = 1;
    /// <summary>The session token's scopes (a custom-scoped token, e.g. droplet:read); null: full access.</summary>
    public string[]? TokenScopes { get; set; }
    /// <summary>
    /// A droplet create with tags by a token without tag:create: "refuse" (403, the default) or
    /// "untagged" (made without the tags). DigitalOcean does not document which it does.
    /// </summary>
    public string TagCreateMissing { get; set; } = "refuse";
    /// <summary>0 picks a free loopback port.</summary>
    public int Port { get; set; }

    internal string Arguments(string dll) =>
        string.Join(" ",
            Quote(dll),
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--boot-seconds", BootSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--delete-seconds", DeleteSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--droplet-limit", DropletLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--rate-per-minute", RatePerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--mode", Mode == SandboxMode.Api ? "api" : "lab",
            "--sshd-delay", SshdDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--dockerd-delay", DockerdDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tag-create-missing", Quote(TagCreateMissing))
        + (TokenScopes is null ? "" : " --token-scopes " + Quote(string.Join(",", TokenScopes)));

    private static string Quote(string s) => "\"" + s.Replace("\"", "\\\"") + "\"";
}
