using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Droplets;

/// <summary>
/// POST /v2/droplets: validates like the service (same 422 wording, digitalocean.md), consults the
/// droplet faults, then creates all requested droplets atomically and starts their boots.
/// </summary>
public sealed partial class DropletCreator(
    ReferenceData reference, SandboxState state, FaultBook faults, DropletLifecycle lifecycle, SandboxOptions options)
{
    public const int MaxNames = 10;
    public const int MaxUserDataBytes = 64 * 1024;
    public const string InvalidNameMessage = "Name Only valid hostname characters are allowed. (a-z, A-Z, 0-9, . and -)";

    public CreateOutcome Create(DropletCreateRequest request)
    {
        var (names, nameError) = ReadNames(request);
        if (nameError is not null)
            return Refuse(nameError);

        var size = request.Size is { } sizeSlug ? reference.FindSize(sizeSlug) : null;
        if (size is null)
            return Refuse("You specified an invalid size for Droplet creation.");

        var region = ResolveRegion(request.Region, size.Slug);
        if (region is null)
            return Refuse("You specified an invalid region for Droplet creation.");
        if (!region.Sizes.Contains(size.Slug))
            return Refuse("Size is not available in this region.");

        var image = ReadImage(request.Image);
        if (image is null)
            return Refuse("You specified an invalid image for Droplet creation.");
        if (!image.Wire.Regions.Contains(region.Slug))
            return Refuse($"The image {image.Wire.Slug ?? image.Wire.Id.ToString(CultureInfo.InvariantCulture)} is not available in the {region.Slug} region.");
        if (image.Wire.MinDiskSize is int minDisk && minDisk > size.Disk)
            return Refuse($"The image needs a disk of at least {minDisk} GB; size {size.Slug} has {size.Disk} GB.");

        var vpc = request.VpcUuid is { } vpcId ? reference.FindVpc(vpcId) : reference.DefaultVpcOf(region.Slug);
        if (vpc is null)
            return Refuse("You specified an invalid VPC for Droplet creation.");
        if (vpc.Region != region.Slug)
            return Refuse($"The VPC {vpc.Id} is in {vpc.Region}, not in the Droplet's region {region.Slug}.");

        if (request.UserData is { } userData && Encoding.UTF8.GetByteCount(userData) > MaxUserDataBytes)
            return Refuse("user_data is limited to 64 KiB.");

        var tags = request.Tags ?? [];
        if (tags.FirstOrDefault(t => t.Length > 255 || !TagPattern().IsMatch(t)) is { } badTag)
            return Refuse($"Tag '{badTag}' is invalid: tags may contain letters, numbers, colons, dashes, and underscores.");

        var keyIds = (request.SshKeys ?? []).Select(k => ReadIdentifier(k) ?? k.GetRawText()).ToList();
        if (keyIds.Count > 0 && faults.Take(FaultKind.KeyRace) is not null)
            return Refuse($"{string.Join(", ", keyIds)} are invalid key identifiers for Droplet creation.");

        var planned = names.Select(n => new PlannedDroplet(n, faults.TakeDropletFaults(n))).ToList();
        var plan = new DropletPlan(planned, region.Slug, size.Slug, image, vpc.Id, vpc.IpRange, keyIds, tags,
            request.UserData, request.Ipv6 ?? false, request.Monitoring ?? false, request.Backups ?? false,
            request.WithDropletAgent);
        var outcome = state.CreateDroplets(plan, options.DropletLimit);
        foreach (var droplet in outcome.Created)
            lifecycle.Start(droplet);
        return outcome;
    }

    private static (IReadOnlyList<string> Names, string? Error) ReadNames(DropletCreateRequest request)
    {
        if (request.Name is not null && request.Names is not null)
            return ([], "Specify either name or names for Droplet creation, not both.");
        IReadOnlyList<string> names = request.Names ?? (request.Name is null ? Array.Empty<string>() : new[] { request.Name });
        if (names.Count == 0)
            return ([], "You must specify a name (or names) for Droplet creation.");
        if (names.Count > MaxNames)
            return ([], $"A request to create multiple Droplets may not exceed {MaxNames} names.");
        return names.Any(n => n.Length > 255 || !NamePattern().IsMatch(n)) ? ([], InvalidNameMessage) : (names, null);
    }

    /// <summary>An exact slug, or a bare prefix such as "nyc" meaning any of its datacenters (spec).</summary>
    private WireRegion? ResolveRegion(string? slug, string sizeSlug)
    {
        if (string.IsNullOrEmpty(slug))
            return reference.Regions.FirstOrDefault(r => r.Available && r.Sizes.Contains(sizeSlug));
        if (reference.FindRegion(slug) is { } exact)
            return exact.Available ? exact : null;
        if (slug.Any(char.IsDigit))
            return null;
        return reference.Regions.FirstOrDefault(r => r.Available && r.Slug.StartsWith(slug, StringComparison.Ordinal) && r.Sizes.Contains(sizeSlug));
    }

    /// <summary>
    /// An image id is an integer, a slug a string (the spec's oneOf): "12345" as a string is a
    /// slug that does not exist, as the service reads it.
    /// </summary>
    private CatalogueImage? ReadImage(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } e => reference.FindImageBySlug(e.GetString() ?? ""),
        { ValueKind: JsonValueKind.Number } e when e.TryGetInt64(out var id) => reference.FindImageById(id),
        _ => null,
    };

    /// <summary>A string or an integer, as the spec allows for each of `ssh_keys`.</summary>
    private static string? ReadIdentifier(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } e => e.GetString(),
        { ValueKind: JsonValueKind.Number } e => e.GetRawText(),
        _ => null,
    };

    private static CreateOutcome Refuse(string message) => new([], message);

    [GeneratedRegex(@"^[a-zA-Z0-9]?[a-z0-9A-Z.\-]*[a-z0-9A-Z]$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_\-:]+$")]
    private static partial Regex TagPattern();
}
