using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// What tab completion offers for -Region, -Size and -Image: only what the API lists (regions
/// that take droplets, sizes and images offered in the chosen region). The catalogue is read
/// once per API and kept a few minutes; completion must stay quick, so a slow or failing API
/// offers nothing rather than a guess.
/// </summary>
public static class CatalogCompletion
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(3);
    private static readonly ConcurrentDictionary<Uri, Catalogue> Cache = new ConcurrentDictionary<Uri, Catalogue>();

    public static IReadOnlyList<string> Regions(ApiCredentials credentials) =>
        Read(credentials)?.Regions.Where(r => r.Available).Select(r => r.Slug).OrderBy(s => s, StringComparer.Ordinal).ToList()
        ?? new List<string>();

    public static IReadOnlyList<string> Sizes(ApiCredentials credentials, string region) =>
        Read(credentials)?.Sizes.Where(s => s.Available && s.Regions.Contains(region)).Select(s => s.Slug).ToList()
        ?? new List<string>();

    /// <summary>The region's Docker images (newest first), then its distributions.</summary>
    public static IReadOnlyList<string> Images(ApiCredentials credentials, string region)
    {
        var catalogue = Read(credentials);
        if (catalogue is null) return new List<string>();
        return DockerImages.In(catalogue.Applications, region)
            .Concat(catalogue.Distributions.Where(i => DockerImages.IsUsableIn(i, region)))
            .Where(i => i.Slug != null).Select(i => i.Slug!).Distinct().ToList();
    }

    private static Catalogue? Read(ApiCredentials credentials)
    {
        if (Cache.TryGetValue(credentials.BaseUrl, out var cached) && cached.ReadAt + KeepFor > DateTimeOffset.UtcNow) return cached;
        using var cancel = new CancellationTokenSource(WaitAtMost);
        using var api = new DigitalOceanClient(credentials, new RetryPolicy { MaxAttempts = 1, RequestTimeout = WaitAtMost });
        try
        {
            var catalogue = Task.Run(() => FetchAsync(api, cancel.Token)).GetAwaiter().GetResult();
            Cache[credentials.BaseUrl] = catalogue;
            return catalogue;
        }
        catch (Exception e) when (e is DigitalOceanException || e is OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<Catalogue> FetchAsync(DigitalOceanClient api, CancellationToken ct)
    {
        var regions = api.Regions.ListAsync(ct);
        var sizes = api.Sizes.ListAsync(ct);
        var applications = api.Images.ListByTypeAsync("application", ct);
        var distributions = api.Images.ListByTypeAsync("distribution", ct);
        await Task.WhenAll(regions, sizes, applications, distributions).ConfigureAwait(false);
        return new Catalogue(regions.Result, sizes.Result, applications.Result, distributions.Result, DateTimeOffset.UtcNow);
    }

    private sealed class Catalogue
    {
        public Catalogue(List<Region> regions, List<Size> sizes, List<Image> applications, List<Image> distributions, DateTimeOffset readAt)
        {
            Regions = regions;
            Sizes = sizes;
            Applications = applications;
            Distributions = distributions;
            ReadAt = readAt;
        }

        public List<Region> Regions { get; }
        public List<Size> Sizes { get; }
        public List<Image> Applications { get; }
        public List<Image> Distributions { get; }
        public DateTimeOffset ReadAt { get; }
    }
}
