using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

/// <summary>/v2/droplets. A create is never retried here: the API has no idempotency key.</summary>
public sealed class DropletsService
{
    private readonly ApiConnection _api;
    private readonly TagSpelling _tags;

    internal DropletsService(ApiConnection api)
    {
        _api = api;
        _tags = new TagSpelling(api);
    }

    /// <summary>Creates up to 10 droplets in one call (202: they start as "new").</summary>
    public async Task<DropletCreateResult> CreateAsync(DropletCreateRequest request, CancellationToken ct)
    {
        if (request.Names.Count == 0 || request.Names.Count > DropletCreateRequest.MaxNames)
            throw new ArgumentException($"A create call takes 1 to {DropletCreateRequest.MaxNames} names, not {request.Names.Count}.", nameof(request));
        using var doc = await _api.PostAsync("v2/droplets", request, ct).ConfigureAwait(false);
        var droplets = ApiConnection.Unwrap<List<Droplet>>(doc, "droplets", "POST", "/v2/droplets");
        var actions = new List<ActionLink>();
        if (doc!.RootElement.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object
            && links.TryGetProperty("actions", out var list) && list.ValueKind == JsonValueKind.Array)
            actions.AddRange(list.Deserialize<List<ActionLink>>(ApiJson.Options)!);
        return new DropletCreateResult(droplets, actions);
    }

    public Task<Droplet?> FindAsync(long id, CancellationToken ct) =>
        _api.FindAsync<Droplet>($"v2/droplets/{id.ToString(CultureInfo.InvariantCulture)}", "droplet", ct);

    /// <summary>All droplets of the account.</summary>
    public Task<List<Droplet>> ListAsync(CancellationToken ct) =>
        _api.ListAsync<Droplet>("v2/droplets", "droplets", ct);

    /// <summary>The droplets with a tag, asked for in the account's spelling of it.</summary>
    public async Task<List<Droplet>> ListByTagAsync(string tag, CancellationToken ct)
    {
        var path = ApiConnection.AddQuery("v2/droplets", "tag_name", await _tags.CanonicalAsync(tag, ct).ConfigureAwait(false));
        return await _api.ListAsync<Droplet>(path, "droplets", ct).ConfigureAwait(false);
    }

    /// <summary>The droplets with an exact name (case-insensitive; names are not unique).</summary>
    public Task<List<Droplet>> ListByNameAsync(string name, CancellationToken ct) =>
        _api.ListAsync<Droplet>(ApiConnection.AddQuery("v2/droplets", "name", name), "droplets", ct);

    /// <summary>
    /// How many droplets of every type the account has (for the droplet limit): the plain list
    /// leaves GPU droplets out, so they are counted with ?type=gpus.
    /// </summary>
    public async Task<int> CountAsync(CancellationToken ct)
    {
        var plain = _api.CountAsync("v2/droplets", ct);
        var gpus = _api.CountAsync(ApiConnection.AddQuery("v2/droplets", "type", "gpus"), ct);
        return await plain.ConfigureAwait(false) + await gpus.ConfigureAwait(false);
    }

    /// <summary>POST /v2/droplets/{id}/actions {"type":"reboot"} (201): a graceful reboot; the action it answers completes once the droplet is up again.</summary>
    public Task<DropletAction> RebootAsync(long id, CancellationToken ct) =>
        _api.PostAsync<DropletAction>($"v2/droplets/{id.ToString(CultureInfo.InvariantCulture)}/actions", new { type = "reboot" }, "action", ct);

    public Task DeleteAsync(long id, CancellationToken ct) =>
        _api.DeleteAsync($"v2/droplets/{id.ToString(CultureInfo.InvariantCulture)}", ct);

    /// <summary>Deletes every droplet that has the tag (in the account's spelling of it).</summary>
    public async Task DeleteByTagAsync(string tag, CancellationToken ct) =>
        await _api.DeleteAsync(ApiConnection.AddQuery("v2/droplets", "tag_name", await _tags.CanonicalAsync(tag, ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
}
