using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Checks a request against the API's own reference data (regions, sizes, images, VPC,
/// droplet limit) and the swarm's existing droplets, and picks the image when none was asked
/// for. Reads only: nothing is created here.
/// </summary>
public sealed class NodePlanner
{
    private readonly DigitalOceanClient _api;
    public NodePlanner(DigitalOceanClient api) => _api = api;

    /// <param name="verbose">Told when the plan waits for droplets being deleted.</param>
    public async Task<NodePlan> PlanAsync(NodeSpec spec, CancellationToken ct, Action<string>? verbose = null)
    {
        CheckLocally(spec);

        var regions = _api.Regions.ListAsync(ct);
        var sizes = _api.Sizes.ListAsync(ct);
        var image = spec.Image is null ? Task.FromResult<Image?>(null) : _api.Images.FindAsync(spec.Image, ct);
        var applications = spec.Image is null ? _api.Images.ListByTypeAsync("application", ct) : null;
        var account = _api.Account.GetAsync(ct);
        var total = _api.Droplets.CountAsync(ct);
        var swarm = _api.Droplets.ListByTagAsync(spec.SwarmTag, ct);
        var vpc = spec.VpcUuid is null ? Task.FromResult<Vpc?>(null) : _api.Vpcs.FindAsync(spec.VpcUuid, ct);
        var key = spec.SshKey is null ? Task.FromResult<SshKey?>(null) : _api.Keys.FindAsync(spec.SshKey.Md5Fingerprint, ct);
        // Every scope that reading can reveal is proven here, before anything is created: a
        // custom-scoped token without one fails now (403, naming it), not with droplets half made.
        // actions:read is needed later, to learn a create's fate.
        var actions = _api.Actions.CountAsync(ct);
        await Task.WhenAll(regions, sizes, image, applications ?? Task.FromResult(new List<Image>()), account, total, swarm, vpc, key, actions).ConfigureAwait(false);

        CatalogCheck.Region(spec.Region, regions.Result);
        var size = CatalogCheck.Size(spec.Size, spec.Region, sizes.Result);
        var found = image.Result;
        // The Docker images of the catalogue are read for the default, or to name them in a refusal.
        if (applications is null && (found is null || !DockerImages.IsUsableIn(found, spec.Region)))
            applications = _api.Images.ListByTypeAsync("application", ct);
        var chosen = CatalogCheck.Image(spec.Image, found, spec.Region, applications is null ? new List<Image>() : await applications.ConfigureAwait(false));
        CatalogCheck.Disk(chosen, size, spec.Region, sizes.Result);
        CheckVpc(spec, vpc.Result);

        var named = swarm.Result.Where(d => spec.Names.Contains(d.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var dying = await WaitForDeletionsAsync(named, verbose, ct).ConfigureAwait(false);
        var existing = named
            .Where(d => !dying.Contains(d.Id))
            .GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(d => d.Id).First()) // names are not unique: the oldest one is the node
            .Select(d => d.ToSwarmNode())
            .ToList();
        var toCreate = spec.Names.Where(n => !existing.Any(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();

        var limit = account.Result.DropletLimit;
        // Droplets that went while we waited no longer count.
        var count = dying.Waited ? await _api.Droplets.CountAsync(ct).ConfigureAwait(false) : total.Result;
        if (toCreate.Count > 0 && count + toCreate.Count > limit)
            throw new SwarmToolsException(ErrorIds.DropletLimitExceeded, FailureKind.LimitExceeded,
                $"Creating {toCreate.Count} droplet(s) would exceed the account's droplet limit ({limit}; {count} exist, GPU droplets included). Remove droplets (Get-SwarmNode | Remove-SwarmNode) or ask DigitalOcean to raise the limit.", limit);

        return new NodePlan(spec, chosen.Slug ?? chosen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), existing, toCreate, keyOnAccount: key.Result != null);
    }

    /// <summary>
    /// A droplet whose deletion was requested (this session or an earlier one) is never adopted:
    /// DigitalOcean keeps it listed and active until it goes, and nothing in the API says it is
    /// going. Waits for such droplets (bounded) and leaves them all out of the plan.
    /// </summary>
    private async Task<Dying> WaitForDeletionsAsync(IReadOnlyList<Droplet> named, Action<string>? verbose, CancellationToken ct)
    {
        var deletion = new DropletDeletion(_api);
        var going = deletion.BeingDeleted(named.Select(d => d.Id));
        if (going.Count == 0) return new Dying(new List<long>(), waited: false);
        verbose?.Invoke($"Waiting (up to {deletion.GoneWithin.TotalSeconds:0} s) for droplet(s) {string.Join(", ", named.Where(d => going.Contains(d.Id)).Select(d => $"{d.Name} (id {d.Id})"))} to be deleted: their deletion was requested, so they are not adopted as nodes.");
        var left = await deletion.WaitGoneAsync(going, ct).ConfigureAwait(false);
        if (left.Count > 0)
            verbose?.Invoke($"Still being deleted: {string.Join(", ", left)}; new droplets are created in their place.");
        return new Dying(going, waited: true); // gone or going: none of them is a node
    }

    private sealed class Dying
    {
        private readonly IReadOnlyCollection<long> _ids;
        public Dying(IReadOnlyCollection<long> ids, bool waited) { _ids = ids; Waited = waited; }
        public bool Waited { get; }
        public bool Contains(long id) => _ids.Contains(id);
    }

    private static void CheckLocally(NodeSpec spec)
    {
        if (spec.Names.Count == 0) throw new ArgumentException("No node names.", nameof(spec));
        NodeNames.CheckTag(spec.SwarmTag);
        foreach (var tag in spec.Tags) NodeNames.CheckTag(tag);
        // What goes to DigitalOcean: the user's data with the host key merged in (refused here,
        // saying why, when it cannot carry the key), or as given when host keys are trusted on first use.
        var pinsHostKeys = spec.Ssh != null && !spec.Ssh.TrustOnFirstUse;
        var sent = pinsHostKeys ? HostKeyUserData.With(spec.UserData, HostKeyPair.GenerateEd25519("size check")) : spec.UserData;
        var size = sent is null ? 0 : Encoding.UTF8.GetByteCount(sent);
        if (size > NodeSpec.MaxUserDataBytes)
            throw new SwarmToolsException(ErrorIds.UserDataTooLarge, FailureKind.InvalidArgument,
                $"-UserData is {Encoding.UTF8.GetByteCount(spec.UserData!)} bytes and {size} with the host key SwarmTools adds; DigitalOcean accepts at most {NodeSpec.MaxUserDataBytes} (64 KiB). Move large files to a download in runcmd.", "UserData");
    }

    private static void CheckVpc(NodeSpec spec, Vpc? vpc)
    {
        if (spec.VpcUuid is null) return;
        if (vpc is null)
            throw new SwarmToolsException(ErrorIds.InvalidVpc, FailureKind.InvalidArgument,
                $"There is no VPC '{spec.VpcUuid}' on this account. Leave -VpcUuid out to use the region's default VPC.", spec.VpcUuid);
        if (vpc.Region != spec.Region)
            throw new SwarmToolsException(ErrorIds.InvalidVpc, FailureKind.InvalidArgument,
                $"VPC '{vpc.Name}' is in {vpc.Region}, not {spec.Region}. Use a VPC of {spec.Region}, or -Region {vpc.Region}.", spec.VpcUuid);
    }
}
