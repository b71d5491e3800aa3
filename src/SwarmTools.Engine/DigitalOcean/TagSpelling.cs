using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// Tags are "case stable" (the spec): the first spelling is canonical, a create in another
/// spelling gets it, and a lookup by tag must use it. The tag a user typed is resolved to the
/// account's spelling once per client, and the user is told when they differ.
/// </summary>
internal sealed class TagSpelling
{
    private readonly ApiConnection _api;
    private readonly ConcurrentDictionary<string, string> _canonical = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

    public TagSpelling(ApiConnection api) => _api = api;

    public async Task<string> CanonicalAsync(string tag, CancellationToken ct)
    {
        if (_canonical.TryGetValue(tag, out var known)) return known;
        string canonical;
        try
        {
            // One request when the spelling is right (the usual case); the whole list only when it is not.
            canonical = await _api.FindAsync<Tag>("v2/tags/" + Uri.EscapeDataString(tag), "tag", ct).ConfigureAwait(false) is { } exact
                ? exact.Name
                : (await _api.ListAsync<Tag>("v2/tags", "tags", ct).ConfigureAwait(false))
                    .FirstOrDefault(t => string.Equals(t.Name, tag, StringComparison.OrdinalIgnoreCase))?.Name ?? tag;
        }
        catch (DigitalOceanException)
        {
            return tag; // best effort: the request by tag says what is wrong (a missing scope, say) itself
        }
        if (!string.Equals(canonical, tag, StringComparison.Ordinal))
            _api.Notice?.Invoke($"The tag '{tag}' is spelled '{canonical}' on the account (DigitalOcean keeps a tag's first spelling and finds it only by that): using '{canonical}'.");
        _canonical[tag] = canonical;
        return canonical;
    }
}
