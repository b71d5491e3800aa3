using System.Diagnostics;

namespace SwarmTools.Tests.Support;

/// <summary>Throwaway SSH key pairs made with ssh-keygen, never committed.</summary>
public static class TestKeys
{
    private static readonly string Dir = Directory.CreateTempSubdirectory("swarmtools-keys-").FullName;

    /// <summary>Generates a new key pair and returns the public key's path.</summary>
    public static string NewPublicKey(string type = "ed25519")
    {
        var path = Path.Combine(Dir, $"id_{type}_{Guid.NewGuid():N}");
        var args = type == "rsa" ? $"-q -t rsa -b 3072 -N \"\" -C test -f {path}" : $"-q -t {type} -N \"\" -C test -f {path}";
        using var p = Process.Start(new ProcessStartInfo("ssh-keygen", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("ssh-keygen failed: " + p.StandardError.ReadToEnd());
        return path + ".pub";
    }
}
