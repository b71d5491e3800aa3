using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Region, size and image against the API's own catalogue, before anything is created. Not
/// every size or image is offered in every region, slugs retire, and an image may need more
/// disk than a size has: each refusal names what the region offers instead.
/// </summary>
public static class CatalogCheck
{
    public static void Region(string slug, IReadOnlyList<Region> regions)
    {
        var region = regions.FirstOrDefault(r => r.Slug == slug);
        var usable = string.Join(", ", regions.Where(r => r.Available).Select(r => r.Slug).OrderBy(s => s, StringComparer.Ordinal));
        if (region is null)
            throw new SwarmToolsException(ErrorIds.InvalidRegion, FailureKind.InvalidArgument,
                $"There is no region '{slug}'. Use one of: {usable}.", slug);
        if (!region.Available)
            throw new SwarmToolsException(ErrorIds.RegionUnavailable, FailureKind.Unavailable,
                $"Region '{slug}' does not accept new droplets now. Use one of: {usable}.", slug);
    }

    public static Size Size(string slug, string region, IReadOnlyList<Size> sizes)
    {
        var size = sizes.FirstOrDefault(s => s.Slug == slug);
        if (size is null)
            throw new SwarmToolsException(ErrorIds.InvalidSize, FailureKind.InvalidArgument,
                $"There is no size '{slug}'. Sizes in {region}: {SizesIn(region, sizes)}.", slug);
        if (!size.Available || !size.Regions.Contains(region))
            throw new SwarmToolsException(ErrorIds.SizeUnavailable, FailureKind.Unavailable,
                $"Size '{slug}' is not offered in {region}. Sizes in {region}: {SizesIn(region, sizes)}. " +
                $"Regions that offer {slug}: {(size.Regions.Count == 0 ? "none now" : string.Join(", ", size.Regions))}.", slug);
        return size;
    }

    /// <summary>
    /// The image to create from: <paramref name="found"/> (the requested slug or id, null when the
    /// API has none), or with no request the newest Docker image of the region.
    /// </summary>
    public static Image Image(string? requested, Image? found, string region, IReadOnlyList<Image> applications)
    {
        if (requested is null)
            return DockerImages.In(applications, region).FirstOrDefault()
                ?? throw new SwarmToolsException(ErrorIds.NoDockerImage, FailureKind.Unavailable,
                    $"No Docker 1-Click image is offered in {region}: {DockerImages.Describe(applications, region)}. Use another -Region, or give -Image.", region);
        if (found is null || (found.Status != null && found.Status != "available"))
            throw new SwarmToolsException(ErrorIds.InvalidImage, FailureKind.InvalidArgument,
                $"There is no image '{requested}'{(found is null ? "" : $" that can be used (it is {found.Status})")}; 1-Click slugs are retired as new releases come. " +
                $"Docker images in {region}: {DockerImages.Describe(applications, region)}. Leave -Image out to use the newest.", requested);
        if (!found.Regions.Contains(region))
            throw new SwarmToolsException(ErrorIds.ImageUnavailable, FailureKind.Unavailable,
                $"Image '{requested}' is not offered in {region}. Docker images in {region}: {DockerImages.Describe(applications, region)}. " +
                $"Regions that have {requested}: {(found.Regions.Count == 0 ? "none" : string.Join(", ", found.Regions))}.", requested);
        return found;
    }

    public static void Disk(Image image, Size size, string region, IReadOnlyList<Size> sizes)
    {
        if (image.MinDiskSize is not int needed || needed <= size.Disk) return;
        var bigEnough = sizes.Where(s => s.Available && s.Regions.Contains(region) && s.Disk >= needed).Select(s => s.Slug).ToList();
        throw new SwarmToolsException(ErrorIds.DiskTooSmall, FailureKind.InvalidArgument,
            $"Image '{image.Slug ?? image.Name}' needs a disk of at least {needed} GB, and size '{size.Slug}' has {size.Disk} GB. " +
            $"Sizes in {region} with enough disk: {(bigEnough.Count == 0 ? "none" : string.Join(", ", bigEnough))}.", size.Slug);
    }

    private static string SizesIn(string region, IReadOnlyList<Size> sizes)
    {
        var offered = sizes.Where(s => s.Available && s.Regions.Contains(region)).Select(s => s.Slug).ToList();
        return offered.Count == 0 ? "none" : string.Join(", ", offered);
    }
}
