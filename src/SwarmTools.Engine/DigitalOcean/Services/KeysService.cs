using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

/// <summary>/v2/account/keys. Listing has its own limit (10 per minute): look keys up by fingerprint instead.</summary>
/// <remarks>A fingerprint's colons go as they are (aa:bb:…), as godo sends them: nothing says the API decodes %3A.</remarks>
public sealed class KeysService
{
    private readonly ApiConnection _api;
    internal KeysService(ApiConnection api) => _api = api;

    public Task<SshKey?> FindAsync(string idOrFingerprint, CancellationToken ct) =>
        _api.FindAsync<SshKey>("v2/account/keys/" + Identifier(idOrFingerprint), "ssh_key", ct);

    public Task<SshKey> CreateAsync(string name, string publicKey, CancellationToken ct) =>
        _api.PostAsync<SshKey>("v2/account/keys", new { name, public_key = publicKey }, "ssh_key", ct);

    public Task<List<SshKey>> ListAsync(CancellationToken ct) =>
        _api.ListAsync<SshKey>("v2/account/keys", "ssh_keys", ct);

    public Task DeleteAsync(string idOrFingerprint, CancellationToken ct) =>
        _api.DeleteAsync("v2/account/keys/" + Identifier(idOrFingerprint), ct);

    /// <summary>Escaped for a path segment, except the fingerprint's colons (legal in a path, RFC 3986).</summary>
    internal static string Identifier(string idOrFingerprint) =>
        string.Join(":", idOrFingerprint.Split(':').Select(Uri.EscapeDataString));
}
