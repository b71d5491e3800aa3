using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.DigitalOcean;
using SwarmTools.DigitalOcean.Models;

namespace SwarmTools.Nodes
{
    /// <summary>
    /// The create actions of this run's droplets. A create answers its droplets and its actions
    /// (links.actions) in no promised order, and an action link carries no droplet id: an action
    /// is tied to its droplet by the action's own resource_id, read when it is first needed.
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

        /// <summary>The current state of <paramref name="dropletId"/>'s create action; null when none of this run's actions is its.</summary>
        public async Task<DropletAction?> OfAsync(long dropletId, CancellationToken ct)
        {
            if (Known(dropletId) is long known)
                return await _api.Actions.GetAsync(known, ct).ConfigureAwait(false);
            while (NextUnread() is long id)
            {
                var action = await _api.Actions.GetAsync(id, ct).ConfigureAwait(false);
                if (action.ResourceId is long owner)
                    lock (_unread) _byDroplet[owner] = action;
                if (action.ResourceId == dropletId) return action;
            }
            return null;
        }

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
}
