using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The create actions of this run's droplets. A create answers its droplets and its actions
/// (links.actions) in no promised order, and an action link carries no droplet id: an action
/// is tied to its droplet by the action's own resource_id, read when it is first needed.
/// Just after the create an action can answer 404, as its droplet can: that is lag, not an
/// end. Such an action is read again later, and meanwhile the droplet's fate is undecided.
/// </summary>
internal sealed class CreateActions
{
    private readonly DigitalOceanClient _api;
    private readonly List<long> _unread = new List<long>();
    private readonly Dictionary<long, DropletAction> _byDroplet = new Dictionary<long, DropletAction>();

    public CreateActions(DigitalOceanClient api) => _api = api;

    public void Add(IEnumerable<ActionLink> links)
    {
        lock (_unread) _unread.AddRange(links.Where(l => l.Rel == "create" || l.Rel.Length == 0).Select(l => l.Id));
    }

    /// <summary>
    /// The current state of <paramref name="dropletId"/>'s create action; null when none of this
    /// run's actions is its. While an action that may be its answers 404, "in-progress" (undecided).
    /// </summary>
    public async Task<DropletAction?> OfAsync(long dropletId, CancellationToken ct)
    {
        if (Known(dropletId) is long known)
            return await _api.Actions.FindAsync(known, ct).ConfigureAwait(false) ?? Undecided(known, dropletId);
        var lagging = new List<long>();
        try
        {
            while (NextUnread() is long id)
            {
                var action = await _api.Actions.FindAsync(id, ct).ConfigureAwait(false);
                if (action is null)
                {
                    lagging.Add(id);
                    continue;
                }
                if (action.ResourceId is long owner)
                    lock (_unread) _byDroplet[owner] = action;
                if (action.ResourceId == dropletId) return action;
            }
        }
        finally
        {
            lock (_unread) _unread.AddRange(lagging); // read again next time
        }
        return lagging.Count > 0 ? Undecided(lagging[0], dropletId) : null;
    }

    private static DropletAction Undecided(long actionId, long dropletId) =>
        new DropletAction { Id = actionId, Status = "in-progress", Type = "create", ResourceId = dropletId };

    private long? Known(long dropletId)
    {
        lock (_unread) return _byDroplet.TryGetValue(dropletId, out var action) ? action.Id : (long?)null;
    }

    private long? NextUnread()
    {
        lock (_unread)
        {
            if (_unread.Count == 0) return null;
            var id = _unread[0];
            _unread.RemoveAt(0);
            return id;
        }
    }
}
