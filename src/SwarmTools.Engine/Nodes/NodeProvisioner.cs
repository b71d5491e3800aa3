using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Carries out a <see cref="NodePlan"/>: makes sure the SSH key is on the account, creates the
/// droplets in batches of at most 10, then polls the swarm tag (one list call per interval)
/// and reports each droplet as soon as it is ready. Per-droplet failures are reported and the
/// rest goes on; every droplet created is reported the moment the API accepts it.
/// </summary>
public sealed class NodeProvisioner
{
    /// <summary>
    /// How long a just-uploaded key may be refused by a create, or missing from a lookup: about
    /// 2 minutes on DigitalOcean (terraform-provider-digitalocean #1163, whose fix retries for 2 min).
    /// </summary>
    public static readonly TimeSpan KeyPropagationWait = TimeSpan.FromMinutes(2);

    /// <summary>How much longer than one HTTP exchange may take a failed create is looked for (see <see cref="ListSettleWait"/>).</summary>
    public static readonly TimeSpan ListSettleMargin = TimeSpan.FromSeconds(30);

    private readonly DigitalOceanClient _api;
    private readonly IProvisionObserver _observer;
    private readonly List<Pending> _pending = new List<Pending>();
    private readonly List<SwarmNode> _created = new List<SwarmNode>();
    private readonly HashSet<long> _ready = new HashSet<long>();
    private readonly HashSet<long> _removed = new HashSet<long>();
    private readonly List<Task> _readiness = new List<Task>();
    private readonly CreateActions _actions;
    private readonly BootHostKeys _bootKeys = new BootHostKeys();

    /// <param name="listSettleWait">Default: the connection's HTTP timeout plus <see cref="ListSettleMargin"/> (tests pass a short one).</param>
    public NodeProvisioner(DigitalOceanClient api, IProvisionObserver observer, TimeSpan? listSettleWait = null)
    {
        _api = api;
        _observer = observer;
        _actions = new CreateActions(api);
        ListSettleWait = listSettleWait ?? api.Connection.RequestTimeout + ListSettleMargin;
    }

    /// <summary>
    /// After a create that got no usable answer (5xx, timeout): how long to look for its droplets
    /// before posting again (or concluding nothing was made). Longer than an HTTP exchange may
    /// take: a create that timed out on our side can still be under way on DigitalOcean's.
    /// </summary>
    public TimeSpan ListSettleWait { get; }

    /// <summary>Droplets this run created so far (what is left behind if it is stopped).</summary>
    public IReadOnlyList<SwarmNode> Created { get { lock (_created) return _created.Where(n => !_removed.Contains(n.Id)).ToList(); } }

    public async Task RunAsync(NodePlan plan, CancellationToken ct)
    {
        // A node a killed run left before its rotation boots with a shared key: known by its fingerprint, replaced now.
        var bootKeys = plan.Existing.Count > 0 && PinsHostKeys(plan.Spec) ? _bootKeys.Of(_api.Connection.BaseUrl) : new Dictionary<long, string>();
        foreach (var node in plan.Existing)
        {
            _observer.Verbose($"{node.Name} exists already under tag {plan.Spec.SwarmTag} (id {node.Id}): returning it, not creating another.");
            _pending.Add(new Pending(node.Name, node.Id) { HostKeyFingerprint = BootHostKeys.Find(bootKeys, plan.Spec.SwarmTag, node) });
        }
        if (plan.ToCreate.Count > 0)
        {
            var keyId = await EnsureKeyAsync(plan, ct).ConfigureAwait(false);
            foreach (var batch in Batches(plan.ToCreate, DropletCreateRequest.MaxNames))
                await CreateBatchAsync(plan, batch, keyId, ct).ConfigureAwait(false);
        }
        await WaitUntilReadyAsync(plan.Spec, ct).ConfigureAwait(false);
    }

    private async Task<string?> EnsureKeyAsync(NodePlan plan, CancellationToken ct)
    {
        var key = plan.Spec.SshKey;
        if (key is null) return null;
        if (plan.KeyOnAccount) return key.Md5Fingerprint;
        var name = string.IsNullOrWhiteSpace(key.Comment) ? "swarmtools " + key.Md5Fingerprint : key.Comment;
        var giveUp = DateTimeOffset.UtcNow + KeyPropagationWait;
        while (true)
        {
            try
            {
                var created = await _api.Keys.CreateAsync(name, key.Line, ct).ConfigureAwait(false);
                _observer.Verbose($"Uploaded SSH key {key.Md5Fingerprint} as '{name}' (id {created.Id}).");
                return key.Md5Fingerprint;
            }
            catch (DigitalOceanException e) when (e.StatusCode == 422 && e.ApiMessage.IndexOf("already in use", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // It is on the account (uploaded meanwhile, or not yet visible to our lookup): fine once
                // a lookup finds it. A lookup that still 404s is lag, looked at again for a while.
                if (await _api.Keys.FindAsync(key.Md5Fingerprint, ct).ConfigureAwait(false) != null) return key.Md5Fingerprint;
                if (DateTimeOffset.UtcNow >= giveUp) throw;
                _observer.Verbose($"SSH key {key.Md5Fingerprint} is already on the account but not found yet; looking again in 2 s.");
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private async Task CreateBatchAsync(NodePlan plan, IReadOnlyList<string> names, string? keyId, CancellationToken ct)
    {
        var spec = plan.Spec;
        var hostKey = PinsHostKeys(spec) ? HostKeyPair.GenerateEd25519("swarmtools") : null;
        var request = new DropletCreateRequest
        {
            Names = names.ToList(),
            Region = plan.Spec.Region,
            Size = plan.Spec.Size,
            Image = plan.Image,
            SshKeys = keyId is null ? new List<string>() : new List<string> { keyId },
            Tags = plan.AllTags.ToList(),
            UserData = hostKey is null ? spec.UserData : HostKeyUserData.With(spec.UserData, hostKey),
            VpcUuid = plan.Spec.VpcUuid,
        };
        if (hostKey != null) _bootKeys.AddBeforeCreate(_api.Connection.BaseUrl, spec.SwarmTag, names, hostKey.Sha256Fingerprint);
        const int posts = 2; // the first, and one more for the names still missing
        var missing = names.ToList();
        for (var attempt = 1; ; attempt++)
        {
            request.Names = missing;
            try
            {
                await TrackCreatedAsync(plan, await PostAsync(request, ct).ConfigureAwait(false), hostKey, ct).ConfigureAwait(false);
                return;
            }
            catch (DigitalOceanException e) when (e.StatusCode == 0 || e.StatusCode >= 500)
            {
                // The API may have created some or all of them and not list them yet (no idempotency
                // key: posting again at once would duplicate them). Look, for a while, before each
                // re-post and before saying that nothing was created.
                _observer.Verbose($"Create of {string.Join(", ", missing)} failed ({e.ApiMessage}); looking for them (up to {ListSettleWait.TotalSeconds:0} s) before {(attempt < posts ? "posting again" : "giving up")}.");
                missing = await FindCreatedAsync(plan, missing, hostKey, ct).ConfigureAwait(false);
                if (missing.Count == 0) return;
                if (attempt == posts)
                {
                    foreach (var name in missing) _observer.Failed(name, CreateFailed(name, e));
                    return;
                }
                _observer.Verbose($"{string.Join(", ", missing)} did not appear: posting again for them only.");
            }
            // A 403 (a scope the token lacks) created nothing and would refuse every batch: it ends the run.
            catch (DigitalOceanException e) when (e.StatusCode != 403)
            {
                foreach (var name in missing) _observer.Failed(name, CreateFailed(name, e));
                return;
            }
        }
    }

    /// <summary>
    /// Lists the swarm tag until every name appears or <see cref="ListSettleWait"/> passes (a
    /// droplet can be created yet missing from lists for a while); tracks what it finds and
    /// returns the names still missing.
    /// </summary>
    private async Task<List<string>> FindCreatedAsync(NodePlan plan, IReadOnlyList<string> names, HostKeyPair? hostKey, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + ListSettleWait;
        while (true)
        {
            var known = new HashSet<long>(_pending.Select(p => p.Id));
            var listed = await _api.Droplets.ListByTagAsync(plan.Spec.SwarmTag, ct).ConfigureAwait(false);
            foreach (var d in listed.Where(d => !known.Contains(d.Id) && names.Contains(d.Name, StringComparer.OrdinalIgnoreCase)))
            {
                _observer.Verbose($"{d.Name} was created after all (id {d.Id}).");
                Track(plan, d, hostKey);
            }
            var missing = names.Where(n => !_pending.Any(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count == 0 || DateTimeOffset.UtcNow >= giveUp) return missing;
            _observer.Progress("Creating droplets", $"Looking for {string.Join(", ", missing)} after a failed create", 0);
            await Task.Delay(plan.Spec.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task TrackCreatedAsync(NodePlan plan, DropletCreateResult result, HostKeyPair? hostKey, CancellationToken ct)
    {
        _actions.Add(result.Actions);
        foreach (var droplet in result.Droplets) Track(plan, droplet, hostKey);
        await EnsureTaggedAsync(plan, result.Droplets, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// tag:create is an "associated" scope: for a token without it DigitalOcean may refuse the
    /// create or make the droplets untagged (not documented which). Droplets the create returned
    /// without the swarm's tags are tagged now; when that is refused too, each is reported by id
    /// with the command that removes it (a re-run, which finds nodes by tag, would not see it).
    /// </summary>
    private async Task EnsureTaggedAsync(NodePlan plan, IReadOnlyList<Droplet> created, CancellationToken ct)
    {
        bool Has(Droplet d, string tag) => d.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase);
        var untagged = created.Where(d => plan.AllTags.Any(t => !Has(d, t))).ToList();
        if (untagged.Count == 0) return;
        var names = string.Join(", ", untagged.Select(d => $"{d.Name} (id {d.Id})"));
        try
        {
            foreach (var tag in plan.AllTags)
            {
                var ids = untagged.Where(d => !Has(d, tag)).Select(d => d.Id).ToList();
                if (ids.Count == 0) continue;
                var canonical = (await _api.Tags.CreateAsync(tag, ct).ConfigureAwait(false)).Name; // the tag may not exist yet
                await _api.Tags.TagDropletsAsync(canonical, ids, ct).ConfigureAwait(false);
            }
            _observer.Verbose($"{names} came back from the create without their tags (the token may lack tag:create): tagged them afterwards.");
        }
        catch (DigitalOceanException e)
        {
            foreach (var d in untagged)
            {
                _pending.RemoveAll(p => p.Id == d.Id);
                var left = plan.Spec.RemoveFailed
                    ? await LeaveOrRemoveAsync(plan.Spec, d.Name, d.Id, ct).ConfigureAwait(false)
                    : $"It exists and is billed, and a re-run will not find it (nodes are found by tag): remove it with Remove-SwarmNode -Id {d.Id} -DropletOnly.";
                _observer.Failed(d.Name, new SwarmToolsException(ErrorIds.DropletUntagged, FailureKind.InvalidOperation,
                    $"Droplet {d.Name} (id {d.Id}) was created without its tags ({string.Join(", ", plan.AllTags)}) and tagging it afterwards was refused ({e.ApiMessage}): " +
                    $"the token lacks tag:create (tagging also needs droplet:update). {left}", d.Name, e));
            }
        }
    }

    /// <summary>POST, retrying only the documented key-propagation 422 (nothing was created then).</summary>
    private async Task<DropletCreateResult> PostAsync(DropletCreateRequest request, CancellationToken ct)
    {
        var giveUp = DateTimeOffset.UtcNow + KeyPropagationWait;
        while (true)
        {
            try { return await _api.Droplets.CreateAsync(request, ct).ConfigureAwait(false); }
            catch (DigitalOceanException e) when (e.StatusCode == 422 && e.ApiMessage.IndexOf("invalid key identifiers", StringComparison.OrdinalIgnoreCase) >= 0
                                                  && DateTimeOffset.UtcNow < giveUp)
            {
                _observer.Verbose("The SSH key is not usable for droplet creation yet (it was just uploaded); trying again in 2 s.");
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private static bool PinsHostKeys(NodeSpec spec) => spec.Ssh != null && !spec.Ssh.TrustOnFirstUse;

    private void Track(NodePlan plan, Droplet droplet, HostKeyPair? hostKey)
    {
        if (hostKey != null) _bootKeys.Created(_api.Connection.BaseUrl, plan.Spec.SwarmTag, droplet.Name, droplet.Id, hostKey.Sha256Fingerprint);
        var node = droplet.ToSwarmNode();
        _pending.Add(new Pending(droplet.Name, droplet.Id) { HostKeyFingerprint = hostKey?.Sha256Fingerprint });
        lock (_created) _created.Add(node);
        _observer.Created(node);
    }

    private async Task WaitUntilReadyAsync(NodeSpec spec, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + spec.Timeout;
        var total = _pending.Count;
        try { await PollUntilActiveAsync(spec, deadline, total, ct).ConfigureAwait(false); }
        finally { await Task.WhenAll(_readiness).ConfigureAwait(false); }
    }

    private async Task PollUntilActiveAsync(NodeSpec spec, DateTimeOffset deadline, int total, CancellationToken ct)
    {
        while (_pending.Count > 0)
        {
            var listed = (await _api.Droplets.ListByTagAsync(spec.SwarmTag, ct).ConfigureAwait(false)).ToDictionary(d => d.Id);
            foreach (var p in _pending.ToList())
            {
                if (listed.TryGetValue(p.Id, out var d))
                {
                    p.Status = d.Status;
                    if (d.IsActive && d.PublicIPv4 != null)
                    {
                        _pending.Remove(p);
                        var node = d.ToSwarmNode();
                        node.HostKeyFingerprint = p.HostKeyFingerprint;
                        node.IdentityFile = spec.IdentityFile;
                        if (spec.Ssh is null) Ready(node);
                        else _readiness.Add(WaitForSshAsync(node, spec, deadline, ct));
                    }
                }
                else if (await HasVanishedAsync(p, ct).ConfigureAwait(false))
                {
                    _pending.Remove(p);
                    _observer.Failed(p.Name, new SwarmToolsException(ErrorIds.DropletCreateFailed, FailureKind.InvalidOperation,
                        $"Droplet {p.Name} (id {p.Id}) failed to be created: its create action errored and the droplet is gone. Nothing is left of it; run the command again to retry.", p.Name));
                }
            }
            if (_pending.Count == 0) break;

            var ready = total - _pending.Count;
            _observer.Progress("Waiting for droplets", $"{ready} of {total} ready; waiting for {string.Join(", ", _pending.Select(p => $"{p.Name} ({p.Status})"))}",
                total == 0 ? 100 : ready * 100 / total);
            if (DateTimeOffset.UtcNow >= deadline)
            {
                foreach (var p in _pending)
                    _observer.Failed(p.Name, new SwarmToolsException(ErrorIds.DropletTimeout, FailureKind.Timeout,
                        $"Droplet {p.Name} (id {p.Id}) is still '{p.Status}' after {spec.Timeout.TotalMinutes:0.#} min. " +
                        await LeaveOrRemoveAsync(spec, p.Name, p.Id, ct).ConfigureAwait(false), p.Name));
                return;
            }
            await Task.Delay(spec.PollInterval, ct).ConfigureAwait(false);
        }
    }

    private void Ready(SwarmNode node)
    {
        lock (_created) _ready.Add(node.Id);
        _observer.Ready(node);
    }

    /// <summary>Active is not ready: SSH answers → cloud-init is done → Docker answers. Only then is the node emitted.</summary>
    private async Task WaitForSshAsync(SwarmNode node, NodeSpec spec, DateTimeOffset deadline, CancellationToken ct)
    {
        var left = deadline - DateTimeOffset.UtcNow;
        try
        {
            var probe = new ReadinessProbe(c => NodeConnections.ShellAsync(node, spec.Ssh!, c));
            node.DockerVersion = await probe.WaitAsync(node.PublicAddress!, left > TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30),
                step =>
                {
                    // Real droplets take minutes from "active" to ready: say which step each one is at.
                    _observer.Verbose($"{node.Name} {step}");
                    _observer.Progress("Waiting for droplets", $"{node.Name} {step}", -1);
                }, ct).ConfigureAwait(false);
            var shared = node.HostKeyFingerprint != null; // the key its create call shared: replaced by one of its own
            node.HostKeyFingerprint = await NodeConnections.OwnHostKeyAsync(node, spec.Ssh!, ct).ConfigureAwait(false);
            if (shared) _observer.Verbose($"{node.Name} has a host key of its own: {node.HostKeyFingerprint}.");
            _bootKeys.Rotated(_api.Connection.BaseUrl, spec.SwarmTag, node);
            Ready(node);
        }
        catch (SwarmToolsException e)
        {
            _observer.Failed(node.Name, new SwarmToolsException(e.ErrorId, e.Kind,
                $"Droplet {node.Name} (id {node.Id}) is active but not ready: {e.Message} " +
                await LeaveOrRemoveAsync(spec, node.Name, node.Id, CancellationToken.None).ConfigureAwait(false), node.Name, e));
        }
    }

    /// <summary>
    /// The droplets this run created that are neither ready nor deleted: what a failure that ends
    /// the run leaves behind. With <see cref="NodeSpec.RemoveFailed"/> they are deleted first.
    /// Returns the sentence that tells the user which they are and what became of them.
    /// </summary>
    public async Task<string> AbandonAsync(NodeSpec spec, CancellationToken ct)
    {
        List<SwarmNode> left;
        lock (_created) left = _created.Where(n => !_ready.Contains(n.Id) && !_removed.Contains(n.Id)).ToList();
        if (left.Count == 0) return "No droplet of this run is left unfinished.";
        var fates = new List<string>();
        foreach (var node in left)
            fates.Add($"{node.Name} (id {node.Id}): " + await LeaveOrRemoveAsync(spec, node.Name, node.Id, ct).ConfigureAwait(false));
        return "Droplets this run created and did not finish: " + string.Join(" ", fates);
    }

    /// <summary>What becomes of a failed node's droplet: kept and named (the default), or deleted (-RemoveFailed).</summary>
    private async Task<string> LeaveOrRemoveAsync(NodeSpec spec, string name, long id, CancellationToken ct)
    {
        var remove = $"Remove-SwarmNode -Id {id} -DropletOnly";
        if (!spec.RemoveFailed)
            return $"It exists and is billed: run the command again (it returns the existing node), or remove it with {remove} (New-SwarmNode -RemoveFailed deletes failed nodes itself).";
        try
        {
            // A create still in progress is waited for no longer than the node itself was (-Timeout).
            var deletion = new DropletDeletion(_api, unlockWithin: spec.Timeout < DropletDeletion.DefaultUnlockWithin ? spec.Timeout : DropletDeletion.DefaultUnlockWithin);
            var outcome = await deletion.DeleteAsync(id, $"Droplet {name} (id {id})", ct).ConfigureAwait(false);
            lock (_created) _removed.Add(id);
            if (outcome == DeletionOutcome.StillListed || outcome == DeletionOutcome.Unconfirmed)
                return "Its droplet's deletion was requested (-RemoveFailed) but " +
                       (outcome == DeletionOutcome.Unconfirmed ? "reading it failed, so its end was not seen" : $"it is still listed after {deletion.GoneWithin.TotalSeconds:0} s") +
                       " (DigitalOcean deletes asynchronously); a re-run waits for it rather than adopting it.";
            _observer.Verbose($"Deleted droplet {name} (id {id}): its node failed (-RemoveFailed).");
            return "Its droplet was deleted (-RemoveFailed).";
        }
        catch (DigitalOceanException e)
        {
            return $"Deleting it (-RemoveFailed) failed too ({e.ApiMessage}): it exists and is billed; remove it with {remove}.";
        }
        catch (DropletDeletePendingException)
        {
            return $"Deleting it (-RemoveFailed) was refused: its create was still in progress (DigitalOcean: 'Droplet already has a pending event'). It exists and is billed; remove it once its create has ended with {remove}.";
        }
    }

    // Missing from the list: just created and not listed yet, or its create errored (it vanishes).
    private async Task<bool> HasVanishedAsync(Pending p, CancellationToken ct)
    {
        if (await _actions.OfAsync(p.Id, ct).ConfigureAwait(false) is DropletAction action)
            return action.Status == "errored";
        return await _api.Droplets.FindAsync(p.Id, ct).ConfigureAwait(false) is null;
    }

    private static SwarmToolsException CreateFailed(string name, DigitalOceanException e)
    {
        // The limit was checked before the first create; droplets made elsewhere since can still fill it.
        if (e.StatusCode == 422 && e.ApiMessage.IndexOf("droplet limit", StringComparison.OrdinalIgnoreCase) >= 0)
            return new SwarmToolsException(ErrorIds.DropletLimitExceeded, FailureKind.LimitExceeded,
                $"Droplet {name} was not created: the account's droplet limit was reached during this run ({e.ApiMessage}). Nothing was created for it; " +
                "the nodes this run did create are emitted or reported on their own. Remove droplets or ask DigitalOcean for a higher limit, then run the command again: it returns the existing nodes and creates only the missing ones.", name, e);
        return new SwarmToolsException(ErrorIds.DropletCreateFailed, e.StatusCode == 422 ? FailureKind.InvalidArgument : FailureKind.Connection,
            $"Droplet {name} was not created: {e.Message} Nothing was created for it; run the command again to retry.", name, e);
    }

    private static IEnumerable<IReadOnlyList<string>> Batches(IReadOnlyList<string> names, int size)
    {
        for (var i = 0; i < names.Count; i += size) yield return names.Skip(i).Take(size).ToList();
    }

    private sealed class Pending
    {
        public Pending(string name, long id) { Name = name; Id = id; }
        public string Name { get; }
        public long Id { get; }
        public string Status { get; set; } = "new";
        public string? HostKeyFingerprint { get; set; }
    }
}
