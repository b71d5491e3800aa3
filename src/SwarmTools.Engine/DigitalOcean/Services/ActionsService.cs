using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean.Services;

/// <summary>/v2/actions: the fate of a create (in-progress, completed, errored).</summary>
public sealed class ActionsService
{
    private readonly ApiConnection _api;
    internal ActionsService(ApiConnection api) => _api = api;

    public Task<DropletAction> GetAsync(long id, CancellationToken ct) =>
        _api.GetAsync<DropletAction>($"v2/actions/{id.ToString(CultureInfo.InvariantCulture)}", "action", ct);

    /// <summary>Null on 404: a just-created droplet's create action can be missing for a moment (read-after-create lag).</summary>
    public Task<DropletAction?> FindAsync(long id, CancellationToken ct) =>
        _api.FindAsync<DropletAction>($"v2/actions/{id.ToString(CultureInfo.InvariantCulture)}", "action", ct);

    /// <summary>One tiny read: fails with 403 when the token lacks actions:read.</summary>
    public Task<int> CountAsync(CancellationToken ct) => _api.CountAsync("v2/actions", ct);
}
