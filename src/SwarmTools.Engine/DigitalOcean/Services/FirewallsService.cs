using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

/// <summary>/v2/firewalls: cloud firewalls (tcp, udp and icmp only; ESP must be a host rule).</summary>
public sealed class FirewallsService
{
    private readonly ApiConnection _api;
    internal FirewallsService(ApiConnection api) => _api = api;

    public Task<Firewall> CreateAsync(Firewall firewall, CancellationToken ct) =>
        _api.PostAsync<Firewall>("v2/firewalls", ForWrite(firewall), "firewall", ct);

    public Task<Firewall?> FindAsync(string id, CancellationToken ct) =>
        _api.FindAsync<Firewall>("v2/firewalls/" + Uri.EscapeDataString(id), "firewall", ct);

    public Task<List<Firewall>> ListAsync(CancellationToken ct) =>
        _api.ListAsync<Firewall>("v2/firewalls", "firewalls", ct);

    /// <summary>PUT replaces the whole firewall: rules, droplets and tags.</summary>
    public Task<Firewall> ReplaceAsync(string id, Firewall firewall, CancellationToken ct) =>
        _api.PutAsync<Firewall>("v2/firewalls/" + Uri.EscapeDataString(id), ForWrite(firewall), "firewall", ct);

    public Task DeleteAsync(string id, CancellationToken ct) =>
        _api.DeleteAsync("v2/firewalls/" + Uri.EscapeDataString(id), ct);

    public async Task AddDropletsAsync(string id, IEnumerable<long> dropletIds, CancellationToken ct)
    {
        using var _ = await _api.PostAsync($"v2/firewalls/{Uri.EscapeDataString(id)}/droplets", new { droplet_ids = dropletIds }, ct).ConfigureAwait(false);
    }

    public Task RemoveDropletsAsync(string id, IEnumerable<long> dropletIds, CancellationToken ct) =>
        _api.DeleteAsync($"v2/firewalls/{Uri.EscapeDataString(id)}/droplets", ct, new { droplet_ids = dropletIds });

    // Read-only fields (id, status) are not sent back.
    private static object ForWrite(Firewall f) => new
    {
        name = f.Name,
        inbound_rules = f.InboundRules,
        outbound_rules = f.OutboundRules,
        droplet_ids = f.DropletIds,
        tags = f.Tags,
    };
}
