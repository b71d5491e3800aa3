using System;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using SwarmTools.Ssh;

namespace SwarmTools.Nodes
{
    /// <summary>
    /// Puts a generated host key into the droplets' cloud-init user data (#cloud-config ssh_keys),
    /// so the module knows each droplet's host key before its first connection: nothing is
    /// trusted blindly. DigitalOcean takes one user_data per create call, so the droplets of one
    /// call (at most 10) share that key until <see cref="HostKeyRotation"/> gives each its own.
    /// </summary>
    public static class HostKeyUserData
    {
        private static readonly Regex TopLevelSshKeys = new Regex(@"^ssh_keys\s*:", RegexOptions.Multiline);

        /// <summary>True when the module can add its host key to <paramref name="userData"/>.</summary>
        public static bool CanCarryHostKey(string? userData) =>
            userData is null || (userData.TrimStart().StartsWith("#cloud-config", StringComparison.Ordinal) && !TopLevelSshKeys.IsMatch(userData));

        public static string With(string? userData, HostKeyPair key)
        {
            var block = new StringBuilder();
            block.Append("ssh_keys:\n  ed25519_private: |\n");
            foreach (var line in key.PrivateKeyPem.Replace("\r", "").TrimEnd('\n').Split('\n')) block.Append("    ").Append(line).Append('\n');
            block.Append("  ed25519_public: ").Append(key.PublicKeyLine).Append('\n');
            if (userData is null) return "#cloud-config\n" + block;
            return userData.TrimEnd('\n') + "\n" + block;
        }

        public static SwarmToolsException Conflict() =>
            new SwarmToolsException("UserDataConflict", FailureKind.InvalidArgument,
                "SwarmTools pins every droplet's SSH host key through #cloud-config ssh_keys, so -UserData must be #cloud-config without its own ssh_keys. " +
                "Convert a script to a #cloud-config runcmd, or pass -TrustOnFirstUse to accept the droplets' own host keys on first connection.", "UserData");
    }
}
