using System.Security.Cryptography;
using System.Text;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox;

/// <summary>
/// The fixed catalogue: regions, sizes, images, one default VPC per region, the account. Values
/// are plausible, not DigitalOcean's price list; shapes follow the spec. As unkind as the service:
/// not every size or image is offered everywhere, a region is closed, a size's disk is too small
/// for the Docker images, a GPU size exists, and the 1-Click images are applications that only
/// `?type=application` lists (public: false; the spec's `type` enum has no "application", so
/// `type` says snapshot). docker-20-04 is retired: gone, as from digitalocean/droplet-1-clicks,
/// which builds docker-22-04 (and docker-agent-24-04, an AI agent app, not plain Docker).
/// </summary>
public sealed class ReferenceData
{
    private static readonly string[] RegionFeatures =
        ["private_networking", "backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"];

    // Region index k gives the default VPC its range 198.19.(16k).0/20, so the order is fixed.
    private static readonly (string Slug, string Name, bool Available)[] RegionNames =
    [
        ("nyc1", "New York 1", true), ("nyc3", "New York 3", true), ("sfo3", "San Francisco 3", true),
        ("ams3", "Amsterdam 3", true), ("fra1", "Frankfurt 1", true), ("lon1", "London 1", true),
        ("sgp1", "Singapore 1", true), ("tor1", "Toronto 1", true), ("blr1", "Bangalore 1", true),
        ("syd1", "Sydney 1", true), ("sfo1", "San Francisco 1", false),
    ];

    private static readonly string[] OpenRegions = RegionNames.Where(r => r.Available).Select(r => r.Slug).ToArray();

    /// <summary>The newest regions lack the legacy and the biggest sizes, and the newest Docker image.</summary>
    public static readonly string[] NewestRegions = ["blr1", "syd1"];

    private static readonly string[] OlderRegions = OpenRegions.Except(NewestRegions).ToArray();

    private const string CatalogueDate = "2024-01-15T00:00:00Z";

    /// <summary>What `GET /v2/droplets` leaves out unless asked with `?type=gpus`.</summary>
    public const string GpuSizePrefix = "gpu-";

    public ReferenceData(int dropletLimit)
    {
        Sizes =
        [
            Size("s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4, 0.00595, "Basic", OpenRegions),
            Size("s-1vcpu-1gb", 1024, 1, 25, 1, 6, 0.00893, "Basic", OpenRegions),
            Size("s-1vcpu-2gb", 2048, 1, 50, 2, 12, 0.01786, "Basic", OpenRegions),
            Size("s-2vcpu-2gb", 2048, 2, 60, 3, 18, 0.02679, "Basic", OpenRegions),
            Size("s-2vcpu-4gb", 4096, 2, 80, 4, 24, 0.03571, "Basic", OpenRegions),
            Size("s-4vcpu-8gb", 8192, 4, 160, 5, 48, 0.07143, "Basic", OlderRegions),
            Size("s-8vcpu-16gb", 16384, 8, 320, 6, 96, 0.14286, "Basic", ["nyc1", "nyc3", "sfo3", "ams3", "fra1"]),
            Size("1gb", 1024, 1, 30, 2, 10, 0.01488, "Standard", OlderRegions),
            Size("2gb", 2048, 2, 40, 3, 20, 0.02976, "Standard", OlderRegions),
            Size("gpu-h100x1-80gb", 245760, 20, 720, 15, 2522, 3.39, "GPU Droplet", ["tor1"],
                new WireGpuInfo(1, "nvidia_h100", new WireDiskAmount(80, "gib"))),
        ];
        Regions = RegionNames
            .Select(r => new WireRegion(r.Name, r.Slug, RegionFeatures, r.Available,
                r.Available ? Sizes.Where(s => s.Regions.Contains(r.Slug)).Select(s => s.Slug).ToArray() : []))
            .ToArray();
        Images =
        [
            Distribution(150000101, "ubuntu-22-04-x64", "22.04 (LTS) x64", "Ubuntu", "2024-04-02T15:31:06Z"),
            Distribution(150000102, "ubuntu-24-04-x64", "24.04 (LTS) x64", "Ubuntu", "2024-05-08T19:27:05Z"),
            Distribution(150000103, "debian-12-x64", "12 x64", "Debian", "2024-03-11T10:02:47Z"),
            Application(150000202, "docker-22-04", "Docker 23.0.6 on Ubuntu 22.04", "2025-02-11T09:40:12Z", OpenRegions),
            Application(150000203, "docker-24-04", "Docker on Ubuntu 24.04", "2024-11-20T14:05:33Z", OlderRegions),
            Application(150000204, "docker-agent-24-04", "docker-agent 1.36.1 on Ubuntu 24.04", "2026-03-02T11:18:40Z", OpenRegions),
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
        long.TryParse(idOrSlug, out var id) ? FindImageById(id) : FindImageBySlug(idOrSlug);

    public CatalogueImage? FindImageById(long id) => Images.FirstOrDefault(i => i.Wire.Id == id);

    public CatalogueImage? FindImageBySlug(string slug) => Images.FirstOrDefault(i => i.Wire.Slug == slug);

    public static bool IsGpu(string sizeSlug) => sizeSlug.StartsWith(GpuSizePrefix, StringComparison.Ordinal);

    private static WireSize Size(string slug, int memory, int vcpus, int disk, double transfer, double monthly,
        double hourly, string description, IReadOnlyList<string> regions, WireGpuInfo? gpu = null) =>
        new(slug, memory, vcpus, disk, transfer, monthly, hourly, regions, true, description,
            [new WireDiskInfo("local", new WireDiskAmount(disk, "gib"))], gpu);

    // Distribution images are public "base" images in every open region.
    private static CatalogueImage Distribution(long id, string slug, string name, string distribution, string createdAt) =>
        new(new WireImage(id, name, distribution, slug, true, OpenRegions, createdAt, "base", 7, 2.36, "", [], "available", ""), false);

    // 1-Click applications: listed by ?type=application only, not public, bigger minimum disk.
    private static CatalogueImage Application(long id, string slug, string name, string createdAt, IReadOnlyList<string> regions) =>
        new(new WireImage(id, name, "Ubuntu", slug, false, regions, createdAt, "snapshot", 25, 4.12,
            "Docker 1-Click application", [], "available", ""), true);

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
