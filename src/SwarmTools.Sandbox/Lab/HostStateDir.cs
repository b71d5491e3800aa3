using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// Writes a host's statedir (README "The statedir") from its droplet: host.env, authorized_keys,
/// the user data, the `#cloud-config` host keys and runcmd.sh. Root only: the directory is 0700 and every file
/// is created 0600 before anything is written to it (the host keys are secrets).
/// </summary>
[SupportedOSPlatform("linux")]
public static class HostStateDir
{
    private const UnixFileMode PrivateDir = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const int MaxDelaySeconds = 9_999; // host.env delays have at most 4 integer digits
    private const string ActiveFile = "active";

    public static void Write(string dir, SandboxDroplet droplet, TimeSpan sshdDelay, TimeSpan dockerdDelay)
    {
        Directory.CreateDirectory(dir, PrivateDir);
        File.SetUnixFileMode(dir, PrivateDir);

        var env = new StringBuilder()
            .Append("# droplet ").Append(droplet.Id).Append(", written by the sandbox\n")
            .Append("NAME=").Append(HostName(droplet.Name)).Append('\n')
            .Append("PUBLIC_CIDR=").Append(droplet.PublicAddress).Append('/').Append(AddressPlan.PublicPrefixLength).Append('\n')
            .Append("ANCHOR_CIDR=").Append(droplet.AnchorAddress).Append('/').Append(AddressPlan.AnchorPrefixLength).Append('\n')
            .Append("PRIVATE_CIDR=").Append(droplet.PrivateAddress).Append('/').Append(AddressPlan.VpcPrefixLength).Append('\n')
            .Append("GATEWAY=").Append(AddressPlan.PublicGateway).Append('\n')
            .Append("IMAGE=").Append(droplet.ImageSlug is { Length: > 0 } slug ? slug : droplet.ImageId.ToString(CultureInfo.InvariantCulture)).Append('\n')
            // sshd waits for the file `active` (see MarkActive), then SSHD_DELAY.
            .Append("WAIT_ACTIVE=1\n")
            .Append("SSHD_DELAY=").Append(Seconds(sshdDelay)).Append('\n')
            .Append("DOCKERD_DELAY=").Append(Seconds(dockerdDelay)).Append('\n')
            // lab.sh: docker-* (1-Click) images boot with ufw enabled, every other image inactive.
            .Append("UFW=auto\n")
            // Faults (Faults/FaultKind.cs): a degraded cloud-init, a slow swarm join.
            .Append("CLOUD_INIT=").Append(droplet.Faults.CloudInitDegraded ? "degraded" : "ok").Append('\n')
            .Append("JOIN_DELAY=").Append(Seconds(droplet.Faults.SlowJoin ?? TimeSpan.Zero)).Append('\n');
        WriteFile(dir, "host.env", env.ToString());

        WriteFile(dir, "authorized_keys", string.Concat(droplet.SshKeys.Select(k => k.PublicKey.Trim() + "\n")));

        if (droplet.UserData is { } userData)
            WriteFile(dir, "user-data", userData);
        var cloudConfig = CloudConfig.Parse(droplet.UserData);
        foreach (var (file, content) in cloudConfig.HostKeyFiles)
            WriteFile(dir, file, content);
        if (cloudConfig.RuncmdScript is { } runcmd)
            WriteFile(dir, "runcmd.sh", runcmd);
    }

    /// <summary>Tells the host its droplet turned `active`: its sshd delay starts now.</summary>
    public static void MarkActive(string dir) => WriteFile(dir, ActiveFile, "");

    /// <summary>
    /// The droplet name as the host's name. The API allows 255 characters and a leading '-';
    /// a Linux hostname (and lab.sh) takes 63, starting with a letter or digit.
    /// </summary>
    public static string HostName(string dropletName)
    {
        var name = dropletName.TrimStart('-', '.');
        if (name.Length > 63)
            name = name[..63];
        name = name.TrimEnd('-', '.');
        return name.Length > 0 ? name : "droplet";
    }

    private static string Seconds(TimeSpan delay) =>
        Math.Clamp(delay.TotalSeconds, 0, MaxDelaySeconds).ToString("0.###", CultureInfo.InvariantCulture);

    private static void WriteFile(string dir, string name, string content)
    {
        using var stream = new FileStream(Path.Combine(dir, name), new FileStreamOptions
        {
            Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile,
        });
        stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content));
    }
}
