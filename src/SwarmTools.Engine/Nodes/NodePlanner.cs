using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.DigitalOcean;
using SwarmTools.DigitalOcean.Models;

namespace SwarmTools.Nodes
{
    /// <summary>
    /// Checks a request against the API's own reference data (regions, sizes, images, VPC,
    /// droplet limit) and the swarm's existing droplets. Reads only: nothing is created here.
    /// </summary>
    public sealed class NodePlanner
    {
        private readonly DigitalOceanClient _api;
        public NodePlanner(DigitalOceanClient api) => _api = api;

        public async Task<NodePlan> PlanAsync(NodeSpec spec, CancellationToken ct)
        {
            CheckLocally(spec);

            var regions = _api.Regions.ListAsync(ct);
            var sizes = _api.Sizes.ListAsync(ct);
            var image = _api.Images.FindAsync(spec.Image, ct);
            var account = _api.Account.GetAsync(ct);
            var total = _api.Droplets.CountAsync(ct);
            var swarm = _api.Droplets.ListAsync(ct, tag: spec.SwarmTag);
            var vpc = spec.VpcUuid is null ? Task.FromResult<Vpc?>(null) : _api.Vpcs.FindAsync(spec.VpcUuid, ct);
            var key = spec.SshKey is null ? Task.FromResult<SshKey?>(null) : _api.Keys.FindAsync(spec.SshKey.Md5Fingerprint, ct);
            await Task.WhenAll(regions, sizes, image, account, total, swarm, vpc, key).ConfigureAwait(false);

            CheckRegion(spec, regions.Result);
            CheckSize(spec, sizes.Result);
            CheckImage(spec, image.Result);
            CheckVpc(spec, vpc.Result);

            var existing = swarm.Result
                .Where(d => spec.Names.Contains(d.Name, StringComparer.OrdinalIgnoreCase))
                .GroupBy(d => d.Name, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.OrderBy(d => d.Id).First()) // names are not unique: the oldest one is the node
                .Select(d => d.ToSwarmNode())
                .ToList();
            var toCreate = spec.Names.Where(n => !existing.Any(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();

            var limit = account.Result.DropletLimit;
            if (toCreate.Count > 0 && total.Result + toCreate.Count > limit)
                throw new SwarmToolsException(ErrorIds.DropletLimitExceeded, FailureKind.LimitExceeded,
                    $"Creating {toCreate.Count} droplet(s) would exceed the account's droplet limit ({limit}; {total.Result} exist). Remove droplets (Get-SwarmNode | Remove-SwarmNode) or ask DigitalOcean to raise the limit.", limit);

            return new NodePlan(spec, existing, toCreate, keyOnAccount: key.Result != null);
        }

        private static void CheckLocally(NodeSpec spec)
        {
            if (spec.Names.Count == 0) throw new ArgumentException("No node names.", nameof(spec));
            NodeNames.CheckTag(spec.SwarmTag);
            foreach (var tag in spec.Tags) NodeNames.CheckTag(tag);
            var pinsHostKeys = spec.Ssh != null && !spec.Ssh.TrustOnFirstUse;
            if (pinsHostKeys && !HostKeyUserData.CanCarryHostKey(spec.UserData)) throw HostKeyUserData.Conflict();
            // The host key block the module adds takes about 1 KiB of the 64.
            var size = spec.UserData is null ? 0 : Encoding.UTF8.GetByteCount(spec.UserData) + (pinsHostKeys ? 1024 : 0);
            if (size > NodeSpec.MaxUserDataBytes)
                throw new SwarmToolsException(ErrorIds.UserDataTooLarge, FailureKind.InvalidArgument,
                    $"-UserData is {Encoding.UTF8.GetByteCount(spec.UserData!)} bytes; DigitalOcean accepts at most {NodeSpec.MaxUserDataBytes} (64 KiB), and SwarmTools adds about 1 KiB (the host key). Move large files to a download in runcmd.", "UserData");
        }

        private static void CheckRegion(NodeSpec spec, List<Region> regions)
        {
            var region = regions.FirstOrDefault(r => r.Slug == spec.Region);
            var usable = string.Join(", ", regions.Where(r => r.Available).Select(r => r.Slug).OrderBy(s => s));
            if (region is null)
                throw new SwarmToolsException(ErrorIds.InvalidRegion, FailureKind.InvalidArgument,
                    $"There is no region '{spec.Region}'. Use one of: {usable}.", spec.Region);
            if (!region.Available)
                throw new SwarmToolsException(ErrorIds.RegionUnavailable, FailureKind.Unavailable,
                    $"Region '{spec.Region}' does not accept new droplets now. Use one of: {usable}.", spec.Region);
        }

        private static void CheckSize(NodeSpec spec, List<Size> sizes)
        {
            var size = sizes.FirstOrDefault(s => s.Slug == spec.Size);
            if (size is null)
            {
                var some = string.Join(", ", sizes.Where(s => s.Available && s.Regions.Contains(spec.Region)).Select(s => s.Slug).Take(8));
                throw new SwarmToolsException(ErrorIds.InvalidSize, FailureKind.InvalidArgument,
                    $"There is no size '{spec.Size}'. Sizes in {spec.Region} include: {some}.", spec.Size);
            }
            if (!size.Available || !size.Regions.Contains(spec.Region))
                throw new SwarmToolsException(ErrorIds.SizeUnavailable, FailureKind.Unavailable,
                    $"Size '{spec.Size}' is not available in {spec.Region}. Regions that offer it: {string.Join(", ", size.Regions)}.", spec.Size);
        }

        private static void CheckImage(NodeSpec spec, Image? image)
        {
            if (image is null)
                throw new SwarmToolsException(ErrorIds.InvalidImage, FailureKind.InvalidArgument,
                    $"There is no image '{spec.Image}'. Use a Docker 1-Click image such as {NodeSpec.DefaultImage}, or an image id or slug from the API.", spec.Image);
            if (image.Regions.Count > 0 && !image.Regions.Contains(spec.Region))
                throw new SwarmToolsException(ErrorIds.ImageUnavailable, FailureKind.Unavailable,
                    $"Image '{spec.Image}' is not available in {spec.Region}. Regions that have it: {string.Join(", ", image.Regions)}.", spec.Image);
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
}
