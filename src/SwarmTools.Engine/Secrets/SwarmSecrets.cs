using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Secrets;

/// <summary>
/// Docker secrets through a manager's SSH session. A value travels only on the command's stdin
/// (base64, decoded on the node into `docker secret create NAME -`): never in argv, where every
/// process on the node could read it, never in a file, never in a message.
/// </summary>
public static class SwarmSecrets
{
    private static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);

    // Docker's own rule (swarmkit's validateSecretOrConfigName): 1-64 characters.
    private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9]+(?:[a-zA-Z0-9-_.]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>A name Docker would refuse is refused here first, before anything is sent.</summary>
    public static void CheckName(string name)
    {
        if (name.Length > 64 || !NamePattern.IsMatch(name))
            throw new SwarmToolsException(ErrorIds.SecretNameInvalid, FailureKind.InvalidArgument,
                $"'{name}' is not a secret name Docker takes: use 1 to 64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.", name);
    }

    /// <summary>A -Name pattern (wildcards allowed) that could match a secret name; others are refused rather than matching nothing.</summary>
    public static void CheckNamePattern(string pattern)
    {
        if (!Regex.IsMatch(pattern, "^[a-zA-Z0-9*?\\[\\]._-]{1,64}$"))
            throw new SwarmToolsException(ErrorIds.SecretNameInvalid, FailureKind.InvalidArgument,
                $"'{pattern}' cannot match a secret name: names are letters, digits, '-', '_' and '.' (wildcards * ? [ ] allowed here).", pattern);
    }

    /// <param name="encodedValue">The value as <see cref="SecretValue"/> encodes it: it goes to stdin only.</param>
    public static async Task<SwarmSecret> CreateAsync(NodeShell manager, string name, string encodedValue, IReadOnlyDictionary<string, string> labels, CancellationToken ct)
    {
        CheckName(name);
        if (encodedValue.Length == 0)
            throw new SwarmToolsException(ErrorIds.SecretValueEmpty, FailureKind.InvalidArgument, $"The value of secret '{name}' is empty: Docker takes no empty secret. Nothing was created.", name);
        if ((await ListAsync(manager, ct).ConfigureAwait(false)).Any(s => s.Name == name))
            throw Exists(name);

        var labelArgs = string.Concat(labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => " --label " + NodeShell.Quote(l.Key + "=" + l.Value)));
        var command = $"base64 -d | docker secret create{labelArgs} {NodeShell.Quote(name)} -";
        var result = await manager.ChangeWithInputAsync(command, $"docker secret create{labelArgs} {name} - (value on stdin)", encodedValue, CreateTimeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            if (result.StandardError.IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0) throw Exists(name);
            throw manager.CommandFailed("docker secret create " + name, result.StandardError);
        }
        var created = (await ListAsync(manager, ct).ConfigureAwait(false)).FirstOrDefault(s => s.Name == name);
        return created ?? throw manager.CommandFailed("docker secret create " + name, "the secret was not listed after it was created");
    }

    /// <summary>Every secret of the swarm, by name: what `docker secret inspect` says, which never includes a value.</summary>
    public static async Task<List<SwarmSecret>> ListAsync(NodeShell manager, CancellationToken ct)
    {
        var output = await manager.ReadAsync("ids=$(docker secret ls -q) && { [ -z \"$ids\" ] || docker secret inspect --format '{{json .}}' $ids; }", ct).ConfigureAwait(false);
        return output.Split('\n').Where(l => l.Trim().StartsWith("{", StringComparison.Ordinal)).Select(Parse)
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>`docker secret rm`; a secret that services use is refused by Docker, and said so.</summary>
    public static async Task RemoveAsync(NodeShell manager, SwarmSecret secret, CancellationToken ct)
    {
        var result = await manager.ChangeWithInputAsync($"docker secret rm {NodeShell.Quote(secret.Id)}", $"docker secret rm {secret.Name} ({secret.Id})", null, CreateTimeout, ct).ConfigureAwait(false);
        if (result.ExitCode == 0) return;
        if (result.StandardError.IndexOf("in use by", StringComparison.OrdinalIgnoreCase) >= 0)
            throw new SwarmToolsException(ErrorIds.SecretInUse, FailureKind.InvalidOperation,
                $"Secret '{secret.Name}' is in use: {result.StandardError.Trim()} Remove it from those services first (docker service update --secret-rm {secret.Name} SERVICE).", secret.Name);
        throw manager.CommandFailed("docker secret rm " + secret.Name, result.StandardError);
    }

    private static SwarmToolsException Exists(string name) =>
        new SwarmToolsException(ErrorIds.SecretExists, FailureKind.InvalidOperation,
            $"A secret named '{name}' exists. Docker secrets cannot change: create one under a new name and point the services at it, or remove '{name}' first (Remove-SwarmSecret). Nothing was created.", name);

    private static SwarmSecret Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string Text(JsonElement e, string property) => e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        DateTimeOffset When(string property) =>
            DateTimeOffset.TryParse(Text(root, property), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : default;
        var spec = root.TryGetProperty("Spec", out var s) ? s : default;
        var labels = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").OrderBy(x => x, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        return new SwarmSecret
        {
            Id = Text(root, "ID"),
            Name = spec.ValueKind == JsonValueKind.Object ? Text(spec, "Name") : "",
            CreatedAt = When("CreatedAt"),
            UpdatedAt = When("UpdatedAt"),
            Labels = labels,
        };
    }
}
