using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Deletes droplets the way DigitalOcean deletes them: the 204 comes at once, the droplet goes
/// seconds (sometimes minutes) later and stays listed, active and counted meanwhile (godo #146;
/// Terraform polls for the 404, terraform-provider-digitalocean #283/#284). So a droplet is
/// "deleted" only once a GET answers 404, within a bound; until then its id is kept in
/// <see cref="PendingDeletions"/>, so that no later run adopts it as a node. A droplet whose
/// create is still in progress cannot be deleted (422 "Droplet already has a pending event",
/// packer #1814; Terraform waits for the droplet to unlock): the delete is retried, bounded.
/// </summary>
public sealed class DropletDeletion
{
    /// <summary>How long a deletion is waited for before it is reported as requested but not done.</summary>
    public static readonly TimeSpan DefaultGoneWithin = TimeSpan.FromSeconds(90);

    /// <summary>How long a delete refused for a create in progress is retried.</summary>
    public static readonly TimeSpan DefaultUnlockWithin = TimeSpan.FromSeconds(60);

    private readonly DigitalOceanClient _api;
    private readonly PendingDeletions _pending;
    private readonly TimeSpan _goneWithin;
    private readonly TimeSpan _unlockWithin;
    private readonly TimeSpan _poll;

    /// <param name="goneWithin">The bound on the wait for the 404 (tests pass a short one).</param>
    /// <param name="unlockWithin">The bound on retrying a delete refused while the droplet's create is in progress.</param>
    public DropletDeletion(DigitalOceanClient api, PendingDeletions? pending = null, TimeSpan? goneWithin = null, TimeSpan? unlockWithin = null, TimeSpan? poll = null)
    {
        _api = api;
        _pending = pending ?? new PendingDeletions();
        _goneWithin = goneWithin ?? DefaultGoneWithin;
        _unlockWithin = unlockWithin ?? DefaultUnlockWithin;
        _poll = poll ?? TimeSpan.FromSeconds(1);
    }

    public TimeSpan GoneWithin => _goneWithin;

    /// <summary>
    /// Deletes one droplet and waits until it is gone (or the bound passes). Throws
    /// <see cref="ErrorIds.DropletDeletePending"/>, naming <paramref name="what"/>, when its create
    /// stays in progress longer than the unlock bound.
    /// </summary>
    public async Task<DeletionOutcome> DeleteAsync(long id, string what, CancellationToken ct)
    {
        try { await WhenUnlockedAsync(() => _api.Droplets.DeleteAsync(id, ct), what, id, ct).ConfigureAwait(false); }
        catch (DigitalOceanException e) when (e.IsNotFound)
        {
            Forget(id);
            return DeletionOutcome.AlreadyGone;
        }
        Remember(new[] { id });
        try
        {
            return (await WaitGoneAsync(new[] { id }, ct).ConfigureAwait(false)).Count == 0 ? DeletionOutcome.Gone : DeletionOutcome.StillListed;
        }
        catch (DigitalOceanException)
        {
            // The delete was accepted; only reading failed. Its id stays recorded.
            return DeletionOutcome.Unconfirmed;
        }
    }

    /// <summary>Deletes every droplet with the tag (they are <paramref name="ids"/>); returns those still listed after the bound.</summary>
    public async Task<IReadOnlyCollection<long>> DeleteByTagAsync(string tag, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await WhenUnlockedAsync(() => _api.Droplets.DeleteByTagAsync(tag, ct), $"the droplets tagged {tag}", null, ct).ConfigureAwait(false);
        Remember(ids);
        return await WaitGoneAsync(ids, ct).ConfigureAwait(false);
    }

    // Retries the 422 that DigitalOcean gives while a create is in progress, every 2 s within the bound.
    private async Task WhenUnlockedAsync(Func<Task> delete, string what, long? id, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + _unlockWithin;
        while (true)
        {
            try
            {
                await delete().ConfigureAwait(false);
                return;
            }
            catch (DigitalOceanException e) when (IsPendingEvent(e))
            {
                if (DateTimeOffset.UtcNow >= giveUp)
                    throw new DropletDeletePendingException(
                        $"{what} could not be deleted: its create was still in progress after {_unlockWithin.TotalSeconds:0} s (DigitalOcean: '{e.ApiMessage}'). " +
                        $"It exists and is billed. Remove it once its create has ended: {(id is long one ? $"Remove-SwarmNode -Id {one} -DropletOnly" : "Get-SwarmNode -Tag <tag> | Remove-SwarmNode -DropletOnly")}.", what, e);
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private static bool IsPendingEvent(DigitalOceanException e) =>
        e.StatusCode == 422 && e.ApiMessage.IndexOf("pending event", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>The droplets among <paramref name="ids"/> whose deletion was requested, by this session or an earlier one.</summary>
    public IReadOnlyCollection<long> BeingDeleted(IEnumerable<long> ids)
    {
        var pending = _pending.Of(_api.Connection.BaseUrl);
        return ids.Where(pending.Contains).ToList();
    }

    /// <summary>Polls GET /v2/droplets/{id} until each answers 404 or the bound passes; returns the ids still there.</summary>
    public async Task<IReadOnlyCollection<long>> WaitGoneAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + _goneWithin;
        var left = ids.ToList();
        while (true)
        {
            var found = await Task.WhenAll(left.Select(async id => (id, there: await _api.Droplets.FindAsync(id, ct).ConfigureAwait(false) != null))).ConfigureAwait(false);
            foreach (var (id, _) in found.Where(f => !f.there)) Forget(id);
            left = found.Where(f => f.there).Select(f => f.id).ToList();
            if (left.Count == 0 || DateTimeOffset.UtcNow >= giveUp) return left;
            await Task.Delay(_poll, ct).ConfigureAwait(false);
        }
    }

    /// <summary>What the user reads about a deletion accepted but not seen to end (<see cref="DeletionOutcome.StillListed"/>, <see cref="DeletionOutcome.Unconfirmed"/>).</summary>
    public string NotSeenGone(string what, DeletionOutcome outcome) =>
        $"Deletion of {what} was requested (DigitalOcean accepted it) but " +
        (outcome == DeletionOutcome.Unconfirmed ? "reading the droplet failed, so its end could not be confirmed" : $"it is still listed after {_goneWithin.TotalSeconds:0} s") +
        ": DigitalOcean deletes droplets asynchronously. It counts against the droplet limit until it goes; New-SwarmNode waits for it rather than adopting it.";

    private void Remember(IEnumerable<long> ids)
    {
        try { _pending.Add(_api.Connection.BaseUrl, ids); }
        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { /* only the next session's view is lost */ }
    }

    private void Forget(long id)
    {
        try { _pending.Remove(_api.Connection.BaseUrl, id); }
        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { }
    }
}

public enum DeletionOutcome
{
    /// <summary>Deleted, and a GET answered 404.</summary>
    Gone,
    /// <summary>The delete answered 404: there was no such droplet.</summary>
    AlreadyGone,
    /// <summary>The delete was accepted but the droplet was still there when the wait ended.</summary>
    StillListed,
    /// <summary>The delete was accepted but reading the droplet failed (5xx, network), so its end was not seen.</summary>
    Unconfirmed,
}

/// <summary>A delete refused for as long as the module waited, because the droplet's create was in progress.</summary>
public sealed class DropletDeletePendingException : SwarmToolsException
{
    public DropletDeletePendingException(string message, object target, Exception inner)
        : base(ErrorIds.DropletDeletePending, FailureKind.Unavailable, message, target, inner) { }
}
