using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Secrets;

namespace SwarmTools.Engine.Backup;

/// <summary>
/// Autolock: reading a manager's unlock key, and unlocking a locked manager through the Engine API
/// on its own socket with the key in the body on stdin (`docker swarm unlock` would prompt for it).
/// </summary>
internal static class SwarmUnlock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<bool> IsAutolockedAsync(NodeShell manager, CancellationToken ct) =>
        (await manager.ReadAsync("docker info --format '{{.Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers}}'", ct).ConfigureAwait(false)).Trim() == "true";

    /// <summary>The key, straight from the manager's stdout into a SecureString; a failure never carries it.</summary>
    public static async Task<SecureString> KeyAsync(NodeShell manager, CancellationToken ct)
    {
        var result = await manager.RunAsync("docker swarm unlock-key -q", Timeout, ct).ConfigureAwait(false);
        var key = result.StandardOutput.Trim();
        if (result.ExitCode != 0 || key.Length == 0) throw manager.CommandFailed("docker swarm unlock-key", result.StandardError.Replace(key, "***"));
        return SecretValue.Secure(key);
    }

    /// <summary>Unlocks the manager; false when Docker refuses the key (its reason goes to <paramref name="refused"/>).</summary>
    public static async Task<bool> UnlockAsync(NodeShell manager, SecureString key, Action<string> refused, CancellationToken ct)
    {
        var plain = SecretValue.Plain(key);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["UnlockKey"] = plain });
        const string command = "curl -sS --unix-socket /var/run/docker.sock -H 'Content-Type: application/json' --data-binary @- -w '\\n%{http_code}' http://localhost/swarm/unlock";
        var result = await manager.ChangeWithInputAsync(command, "unlock the swarm (Engine API; key on stdin)", body, Timeout, ct).ConfigureAwait(false);
        var lines = result.StandardOutput.TrimEnd().Split('\n');
        if (result.ExitCode == 0 && lines.Last().Trim() == "200") return true;
        var message = string.Join(" ", lines.Take(lines.Length - 1)).Trim();
        try { message = JsonDocument.Parse(message).RootElement.GetProperty("message").GetString() ?? message; } catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException) { }
        refused((message.Length > 0 ? message : result.StandardError.Trim()).Replace(plain, "***"));
        return false;
    }
}
