using System.Diagnostics;
using SwarmTools.Engine.Ssh;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>known_hosts as OpenSSH writes and reads it: hashed and revoked entries, replacement, modes, owner, links, locking.</summary>
[Trait("Category", "Sandbox")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KnownHostsFileTests
{
    private static readonly SshHostKey Ed1 = Key("ed25519");
    private static readonly SshHostKey Ed2 = Key("ed25519");
    private static readonly SshHostKey Ecdsa = Key("ecdsa");

    private static SshHostKey Key(string type) => SshHostKey.Parse(File.ReadAllText(TestKeys.NewPublicKey(type)));

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("swarmtools-kh-").FullName, "known_hosts");

    [Fact]
    public void Entries_hashed_by_ssh_keygen_are_read()
    {
        var path = NewPath();
        File.WriteAllText(path, $"198.51.100.7 {Ed1}\n[198.51.100.8]:2222 {Ecdsa}\n");
        Shell.Run($"ssh-keygen -H -f {path}");
        Assert.All(File.ReadAllLines(path), l => Assert.StartsWith("|1|", l)); // really hashed, no plain name left

        var file = new KnownHostsFile(path);
        Assert.Equal(new[] { Ed1 }, file.GetKeys("198.51.100.7"));
        Assert.Equal(new[] { Ecdsa }, file.GetKeys("[198.51.100.8]:2222"));
        Assert.Empty(file.GetKeys("198.51.100.8"));
        Assert.Empty(file.GetKeys("198.51.100.9"));
    }

    [Fact]
    public void A_revoked_key_is_refused_even_when_pinned()
    {
        var path = NewPath();
        File.WriteAllText(path, $"@revoked 198.51.100.* {Ed1}\n198.51.100.7 {Ed1}\n");
        var file = new KnownHostsFile(path);

        Assert.True(file.IsRevoked("198.51.100.7", Ed1));
        Assert.False(file.IsRevoked("198.51.100.7", Ed2));
        Assert.False(file.IsRevoked("203.0.113.7", Ed1)); // the line's patterns decide where it applies

        var policy = new HostKeyPolicy(file);
        policy.Pin("198.51.100.7", Ed1.Sha256Fingerprint);
        Assert.Equal("HostKeyRevoked", policy.Check("198.51.100.7", 22, Ed1)?.ErrorId);
        Assert.Null(new HostKeyPolicy(file, trustOnFirstUse: true).Check("203.0.113.7", 22, Ed1)); // elsewhere the key is fine
    }

    [Fact]
    public void Another_key_type_for_a_known_host_is_a_mismatch_even_with_trust_on_first_use()
    {
        var path = NewPath();
        File.WriteAllText(path, $"198.51.100.7 {Ed1}\n");
        var policy = new HostKeyPolicy(new KnownHostsFile(path), trustOnFirstUse: true);

        var refusal = policy.Check("198.51.100.7", 22, Ecdsa);

        Assert.Equal("HostKeyMismatch", refusal?.ErrorId);
        Assert.Contains(Ed1.Sha256Fingerprint, refusal!.Message);
        Assert.Contains(Ecdsa.Sha256Fingerprint, refusal.Message);
        Assert.Equal($"198.51.100.7 {Ed1}\n", File.ReadAllText(path)); // nothing appended
        Assert.Null(policy.Check("198.51.100.8", 22, Ecdsa)); // a host nobody knows: trusted on first use
    }

    [Fact]
    public void A_replacement_changes_only_our_line_for_that_host_and_type()
    {
        var path = NewPath();
        var others = $"# kept\n198.51.100.8 {Ed1}\n198.51.100.7 {Ecdsa}\n|1|AAAAAAAAAAAAAAAAAAAAAAAAAAA=|AAAAAAAAAAAAAAAAAAAAAAAAAAA= {Ed1}\n";
        File.WriteAllText(path, others + $"198.51.100.7 {Ed1}\n");
        var file = new KnownHostsFile(path);

        file.SetKey("198.51.100.7", Ed2);
        Assert.Equal(others + $"198.51.100.7 {Ed2}\n", File.ReadAllText(path));
        var before = File.GetLastWriteTimeUtc(path);
        file.SetKey("198.51.100.7", Ed2); // already so: not written again
        Assert.Equal(others + $"198.51.100.7 {Ed2}\n", File.ReadAllText(path));
        Assert.Equal(before, File.GetLastWriteTimeUtc(path));

        file.RemoveKey("198.51.100.7", Ed2);
        Assert.Equal(others, File.ReadAllText(path));
    }

    [Fact]
    public void Patterns_are_never_written()
    {
        var path = NewPath();
        var file = new KnownHostsFile(path);
        foreach (var host in new[] { "*", "198.51.100.*", "!198.51.100.7", "a,b", "|1|x|y" })
            Assert.Equal("InvalidHostName", Assert.Throws<SwarmToolsException>(() => file.SetKey(host, Ed1)).ErrorId);
        Assert.False(File.Exists(path));
        Assert.Equal("InvalidAddress", Assert.Throws<SwarmToolsException>(() => new HostKeyPolicy(file).Pin("*", Ed1.Sha256Fingerprint)).ErrorId);
    }

    [Fact]
    public void A_missing_ssh_folder_is_created_0700_and_a_new_file_gets_the_umask_as_ssh_gives_it()
    {
        var dir = Path.Combine(Directory.CreateTempSubdirectory("swarmtools-home-").FullName, ".ssh");
        var path = Path.Combine(dir, "known_hosts");

        new KnownHostsFile(path).SetKey("198.51.100.7", Ed1);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dir));
        var umask = Convert.ToInt32(Shell.Run("umask").Trim(), 8);
        Assert.Equal((UnixFileMode)(0x1B6 & ~umask), File.GetUnixFileMode(path)); // 0666 & ~umask, as ssh creates it
    }

    [Fact]
    public void A_rewrite_keeps_the_mode_and_the_owner()
    {
        var path = NewPath();
        File.WriteAllText(path, $"198.51.100.7 {Ed1}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var root = Environment.IsPrivilegedProcess;
        if (root) Shell.Run($"chown nobody {path}");
        var file = new KnownHostsFile(path);

        file.SetKey("198.51.100.7", Ed2); // replaced
        file.SetKey("198.51.100.8", Ed1); // appended

        Assert.Equal($"198.51.100.7 {Ed2}\n198.51.100.8 {Ed1}\n", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        if (root) Assert.Equal("nobody", Shell.Run($"stat -c %U {path}").Trim());
    }

    [Fact]
    public void A_replacement_is_renamed_into_place_never_rewritten_in_place()
    {
        var path = NewPath();
        File.WriteAllText(path, $"198.51.100.7 {Ed1}\n198.51.100.9 {Ed1}\n");
        var before = Path.Combine(Path.GetDirectoryName(path)!, "before");
        Shell.Run($"ln {path} {before}"); // a second name for the old file: an in-place rewrite would change it too

        new KnownHostsFile(path).SetKey("198.51.100.7", Ed2);

        Assert.Equal($"198.51.100.9 {Ed1}\n198.51.100.7 {Ed2}\n", File.ReadAllText(path)); // control: it was replaced
        Assert.Equal($"198.51.100.7 {Ed1}\n198.51.100.9 {Ed1}\n", File.ReadAllText(before)); // the old file, whole: a crash leaves one or the other
        Assert.DoesNotContain(Directory.GetFiles(Path.GetDirectoryName(path)!), f => f.Contains(".swarmtools-", StringComparison.Ordinal) && !f.EndsWith("-lock", StringComparison.Ordinal));
    }

    [Fact]
    public void A_symlinked_file_is_written_through_the_link()
    {
        var real = NewPath();
        File.WriteAllText(real, $"198.51.100.7 {Ed1}\n");
        var link = Path.Combine(Directory.CreateTempSubdirectory("swarmtools-link-").FullName, "known_hosts");
        File.CreateSymbolicLink(link, real);

        new KnownHostsFile(link).SetKey("198.51.100.7", Ed2);

        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal($"198.51.100.7 {Ed2}\n", File.ReadAllText(real));
    }

    [Fact]
    public async Task Two_pwsh_sessions_recording_keys_at_once_lose_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("swarmtools-race-").FullName;
        var path = Path.Combine(dir, "known_hosts");
        var script = Path.Combine(dir, "record.ps1");
        var module = Path.GetDirectoryName(RepoPaths.ModuleManifest)!;
        File.WriteAllText(script, """
            param($Module, $Path, $Prefix, $Key1, $Key2, $Ready, $Go)
            $ErrorActionPreference = 'Stop'
            Add-Type -Path (Join-Path $Module 'SwarmTools.Model.dll')
            Add-Type -Path (Join-Path $Module 'Dependencies/SwarmTools.Engine.dll')
            $kh = [SwarmTools.Engine.Ssh.KnownHostsFile]::new($Path)
            $k1 = [SwarmTools.Engine.Ssh.SshHostKey]::Parse($Key1)
            $k2 = [SwarmTools.Engine.Ssh.SshHostKey]::Parse($Key2)
            New-Item -ItemType File $Ready | Out-Null
            while (-not (Test-Path $Go)) { Start-Sleep -Milliseconds 10 }
            foreach ($i in 1..60) { $kh.SetKey("$Prefix.$i", $k1) }
            foreach ($i in 1..60) { $kh.SetKey("$Prefix.$i", $k2) }  # replacements rewrite the file while the other appends
            """);
        var go = Path.Combine(dir, "go");
        var sessions = new[] { "198.51.100", "203.0.113" }.Select(prefix => Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "pwsh", "-NoProfile", "-NonInteractive", "-File", script, module, path, prefix, Ed1.ToString(), Ed2.ToString(), Path.Combine(dir, prefix + ".ready"), go },
            WorkingDirectory = RepoPaths.Root, RedirectStandardError = true, RedirectStandardOutput = true,
        })!).ToList();
        for (var i = 0; i < 600 && !sessions.All(s => File.Exists(Path.Combine(dir, s.StartInfo.ArgumentList[7] + ".ready"))); i++) await Task.Delay(100);
        File.WriteAllText(go, "");
        foreach (var s in sessions)
        {
            await s.WaitForExitAsync();
            Assert.True(s.ExitCode == 0, await s.StandardError.ReadToEndAsync() + await s.StandardOutput.ReadToEndAsync());
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(120, lines.Length);
        Assert.All(lines, l => Assert.EndsWith(" " + Ed2, l));
        Assert.Equal(120, lines.Select(l => l.Split(' ')[0]).Distinct().Count());
    }
}
