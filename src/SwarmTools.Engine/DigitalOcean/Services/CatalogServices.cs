using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

// The reference data New-SwarmNode validates against, and the account it counts on.

public sealed class RegionsService
{
    private readonly ApiConnection _api;
    internal RegionsService(ApiConnection api) => _api = api;
    public Task<List<Region>> ListAsync(CancellationToken ct) => _api.ListAsync<Region>("v2/regions", "regions", ct);
}

public sealed class SizesService
{
    private readonly ApiConnection _api;
    internal SizesService(ApiConnection api) => _api = api;
    public Task<List<Size>> ListAsync(CancellationToken ct) => _api.ListAsync<Size>("v2/sizes", "sizes", ct);
}

public sealed class ImagesService
{
    private readonly ApiConnection _api;
    internal ImagesService(ApiConnection api) => _api = api;

    /// <summary>Every image the account can use.</summary>
    public Task<List<Image>> ListAsync(CancellationToken ct) => _api.ListAsync<Image>("v2/images", "images", ct);

    /// <summary>Images of one type: distribution or application.</summary>
    public Task<List<Image>> ListByTypeAsync(string type, CancellationToken ct) =>
        _api.ListAsync<Image>(ApiConnection.AddQuery("v2/images", "type", type), "images", ct);

    /// <summary>By slug (docker-24-04) or numeric id; null when there is none.</summary>
    public Task<Image?> FindAsync(string slugOrId, CancellationToken ct) =>
        _api.FindAsync<Image>("v2/images/" + Uri.EscapeDataString(slugOrId), "image", ct);
}

public sealed class VpcsService
{
    private readonly ApiConnection _api;
    internal VpcsService(ApiConnection api) => _api = api;
    public Task<List<Vpc>> ListAsync(CancellationToken ct) => _api.ListAsync<Vpc>("v2/vpcs", "vpcs", ct);
    public Task<Vpc?> FindAsync(string id, CancellationToken ct) => _api.FindAsync<Vpc>("v2/vpcs/" + Uri.EscapeDataString(id), "vpc", ct);
}

public sealed class AccountService
{
    private readonly ApiConnection _api;
    internal AccountService(ApiConnection api) => _api = api;
    public Task<Account> GetAsync(CancellationToken ct) => _api.GetAsync<Account>("v2/account", "account", ct);
}

public sealed class TagsService
{
    private readonly ApiConnection _api;
    internal TagsService(ApiConnection api) => _api = api;
    public Task<Tag> CreateAsync(string name, CancellationToken ct) => _api.PostAsync<Tag>("v2/tags", new { name }, "tag", ct);
    public Task<List<Tag>> ListAsync(CancellationToken ct) => _api.ListAsync<Tag>("v2/tags", "tags", ct);
    public Task DeleteAsync(string name, CancellationToken ct) => _api.DeleteAsync("v2/tags/" + Uri.EscapeDataString(name), ct);

    /// <summary>Puts an existing tag (its canonical spelling) on droplets.</summary>
    public async Task TagDropletsAsync(string name, IEnumerable<long> dropletIds, CancellationToken ct)
    {
        var resources = dropletIds.Select(id => new { resource_id = id.ToString(CultureInfo.InvariantCulture), resource_type = "droplet" }).ToList();
        using var _ = await _api.PostAsync("v2/tags/" + Uri.EscapeDataString(name) + "/resources", new { resources }, ct).ConfigureAwait(false);
    }
}
