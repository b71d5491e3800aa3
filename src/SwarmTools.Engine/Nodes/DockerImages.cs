using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The Docker 1-Click images among the account's application images (what ?type=application
/// lists): slugs docker-&lt;major&gt;-&lt;minor&gt; ("Docker on Ubuntu 22.04"). Their slugs retire
/// (docker-18-04, docker-20-04) and not every region has every one, so the catalogue decides.
/// Other docker-* applications (docker-agent-24-04) are something else and are not picked.
/// </summary>
public static class DockerImages
{
    private static readonly Regex Slug = new Regex(@"^docker-(\d+)-(\d+)$", RegexOptions.CultureInvariant);

    public static bool IsDocker(Image image) => image.Slug != null && Slug.IsMatch(image.Slug);

    /// <summary>Usable in <paramref name="region"/>: offered there and not retired.</summary>
    public static bool IsUsableIn(Image image, string region) =>
        image.Regions.Contains(region) && (image.Status is null || image.Status == "available");

    /// <summary>Docker images usable in the region, newest first: highest Ubuntu release, then latest build.</summary>
    public static List<Image> In(IEnumerable<Image> applications, string region) =>
        applications.Where(i => IsDocker(i) && IsUsableIn(i, region))
            .OrderByDescending(Release)
            .ThenByDescending(i => i.CreatedAt ?? "", StringComparer.Ordinal)
            .ToList();

    /// <summary>"docker-24-04, docker-22-04", or a sentence saying there is none.</summary>
    public static string Describe(IEnumerable<Image> applications, string region)
    {
        var slugs = In(applications, region).Select(i => i.Slug).ToList();
        if (slugs.Count > 0) return string.Join(", ", slugs);
        var elsewhere = applications.Where(IsDocker).SelectMany(i => i.Regions).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        return elsewhere.Count == 0
            ? "none on this account"
            : $"none in {region} (regions with one: {string.Join(", ", elsewhere)})";
    }

    private static int Release(Image image)
    {
        var m = Slug.Match(image.Slug ?? "");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 100 + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
