using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

/// <summary>/v2/load_balancers: read, to name one as a firewall source (the module never creates one).</summary>
public sealed class LoadBalancersService
{
    private readonly ApiConnection _api;
    internal LoadBalancersService(ApiConnection api) => _api = api;

    /// <summary>The load balancer, or null when the account has none with that id (404).</summary>
    public Task<LoadBalancer?> FindAsync(string id, CancellationToken ct) =>
        _api.FindAsync<LoadBalancer>("v2/load_balancers/" + Uri.EscapeDataString(id), "load_balancer", ct);

    public Task<List<LoadBalancer>> ListAsync(CancellationToken ct) =>
        _api.ListAsync<LoadBalancer>("v2/load_balancers", "load_balancers", ct);
}
