using System.Security.Cryptography;
using System.Text;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox;

/// <summary>
/// The fixed catalogue: regions, sizes, images, one default VPC per region, the account.
/// Values are plausible, not DigitalOcean's current price list; shapes follow the spec.
/// </summary>
public sealed class ReferenceData
{
    private static readonly string[] RegionFeatures =
        ["private_networking", "backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"];

    // Region index k gives the default VPC its range 198.19.(16k).0/20, so the order is fixed.
    private static readonly (string Slug, string Name)[] RegionNames =
    [
        ("nyc1", "New York 1"), ("nyc3", "New York 3"), ("sfo3", "San Francisco 3"), ("ams3", "Amsterdam 3"),
        ("fra1", "Frankfurt 1"), ("lon1", "London 1"), ("sgp1", "Singapore 1"), ("tor1", "Toronto 1"),
        ("blr1", "Bangalore 1"), ("syd1", "Sydney 1"),
    ];

    // The legacy slugs are not offered in the newest regions, so "size not in region" can be exercised.
    private static readonly string[] LegacySizeRegions = ["nyc1", "nyc3", "sfo3", "ams3", "fra1", "lon1", "sgp1", "tor1"];

    private const string CatalogueDate = "2024-01-15T00:00:00Z";

    public ReferenceData(int dropletLimit)
    {
        var allRegions = RegionNames.Select(r => r.Slug).ToArray();
        Sizes =
        [
            Size("s-1vcpu-1gb", 1024, 1, 25, 1, 6, 0.00893, "Basic", allRegions),
            Size("s-1vcpu-2gb", 2048, 1, 50, 2, 12, 0.01786, "Basic", allRegions),
            Size("s-2vcpu-2gb", 2048, 2, 60, 3, 18, 0.02679, "Basic", allRegions),
            Size("s-2vcpu-4gb", 4096, 2, 80, 4, 24, 0.03571, "Basic", allRegions),
            Size("s-4vcpu-8gb", 8192, 4, 160, 5, 48, 0.07143, "Basic", allRegions),
            Size("1gb", 1024, 1, 30, 2, 10, 0.01488, "Standard", LegacySizeRegions),
            Size("2gb", 2048, 2, 40, 3, 20, 0.02976, "Standard", LegacySizeRegions),
        ];
        Regions = RegionNames
            .Select(r => new WireRegion(r.Name, r.Slug, RegionFeatures, true,
                Sizes.Where(s => s.Regions.Contains(r.Slug)).Select(s => s.Slug).ToArray()))
            .ToArray();
        Images =
        [
            Image(150000101, "ubuntu-22-04-x64", "22.04 (LTS) x64", "Ubuntu", isApplication: false, allRegions),
            Image(150000102, "ubuntu-24-04-x64", "24.04 (LTS) x64", "Ubuntu", isApplication: false, allRegions),
            Image(150000103, "debian-12-x64", "12 x64", "Debian", isApplication: false, allRegions),
            Image(150000201, "docker-20-04", "Docker on Ubuntu 20.04", "Ubuntu", isApplication: true, allRegions),
            Image(150000202, "docker-22-04", "Docker on Ubuntu 22.04", "Ubuntu", isApplication: true, allRegions),
            Image(150000203, "docker-24-04", "Docker on Ubuntu 24.04", "Ubuntu", isApplication: true, allRegions),
        ];
        Vpcs = RegionNames.Select((r, k) => DefaultVpc(r.Slug, k)).ToArray();
        Account = new WireAccount(dropletLimit, 3, "sandbox@swarmtools.invalid", "SwarmTools Sandbox",
            StableHex("sandbox-account", 40), EmailVerified: true, "active", "");
    }

    public IReadOnlyList<WireRegion> Regions { get; }
    public IReadOnlyList<WireSize> Sizes { get; }
    public IReadOnlyList<CatalogueImage> Images { get; }
    public IReadOnlyList<WireVpc> Vpcs { get; }
    public WireAccount Account { get; }

    public WireRegion? FindRegion(string slug) => Regions.FirstOrDefault(r => r.Slug == slug);

    public WireSize? FindSize(string slug) => Sizes.FirstOrDefault(s => s.Slug == slug);

    public WireVpc? FindVpc(string id) => Vpcs.FirstOrDefault(v => v.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    public WireVpc DefaultVpcOf(string regionSlug) => Vpcs.First(v => v.Region == regionSlug && v.Default);

    /// <summary>By numeric id or by slug, as droplet create and GET /v2/images/{id} accept.</summary>
    public CatalogueImage? FindImage(string idOrSlug) =>
        long.TryParse(idOrSlug, out var id)
            ? Images.FirstOrDefault(i => i.Wire.Id == id)
            : Images.FirstOrDefault(i => i.Wire.Slug == idOrSlug);

    private static WireSize Size(string slug, int memory, int vcpus, int disk, double transfer, double monthly,
        double hourly, string description, IReadOnlyList<string> regions) =>
        new(slug, memory, vcpus, disk, transfer, monthly, hourly, regions, true, description,
            [new WireDiskInfo("local", new WireDiskAmount(disk, "gib"))]);

    // Distribution images are DigitalOcean "base" images; 1-Click applications are public snapshots.
    private static CatalogueImage Image(long id, string slug, string name, string distribution, bool isApplication,
        IReadOnlyList<string> regions) =>
        new(new WireImage(id, name, distribution, slug, true, regions, CatalogueDate,
            isApplication ? "snapshot" : "base", isApplication ? 25 : 15, isApplication ? 4.12 : 2.36,
            isApplication ? "Docker 1-Click application" : "", [], "available", ""), isApplication);

    private static WireVpc DefaultVpc(string region, int index)
    {
        var id = StableGuid("sandbox-vpc-" + region);
        return new WireVpc(id, "do:vpc:" + id, "default-" + region, "", region, $"198.19.{16 * index}.0/20", true, CatalogueDate);
    }

    // Stable across runs so tests and the lab may rely on them.
    private static string StableGuid(string seed) => new Guid(MD5.HashData(Encoding.UTF8.GetBytes(seed))).ToString();

    private static string StableHex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];
}

/// <summary>An image of the catalogue and whether `?type=application` lists it.</summary>
public sealed record CatalogueImage(WireImage Wire, bool IsApplication);
