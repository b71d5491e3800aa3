namespace SwarmTools.Contract;

/// <summary>A concrete path matched to a spec template, with the decoded parameter values.</summary>
internal sealed record PathMatch(string Template, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Matches concrete request paths (<c>/v2/droplets/123</c>) to the spec's templates
/// (<c>/v2/droplets/{droplet_id}</c>). A parameter fills a whole segment, as everywhere in the
/// DigitalOcean spec. When several templates match, the most specific comes first: at the first
/// segment where they differ, a literal beats a parameter (<c>/v2/droplets/actions</c> before
/// <c>/v2/droplets/{droplet_id}</c>).
/// </summary>
internal sealed class PathMatcher
{
    private readonly Dictionary<int, List<Template>> _templatesBySegmentCount = [];

    public PathMatcher(IEnumerable<string> templates)
    {
        foreach (string text in templates)
        {
            var template = new Template(text, Split(text).Select(ParseSegment).ToArray());
            if (!_templatesBySegmentCount.TryGetValue(template.Segments.Length, out var bucket))
                _templatesBySegmentCount[template.Segments.Length] = bucket = [];
            bucket.Add(template);
        }
        foreach (var bucket in _templatesBySegmentCount.Values)
            bucket.Sort(CompareSpecificity);
    }

    /// <summary>Every template the path fits, most specific first.</summary>
    public IReadOnlyList<PathMatch> MatchAll(string path)
    {
        string[] segments = Split(path);
        if (!_templatesBySegmentCount.TryGetValue(segments.Length, out var bucket))
            return [];
        var matches = new List<PathMatch>();
        foreach (var template in bucket)
        {
            if (TryBind(template, segments) is { } parameters)
                matches.Add(new PathMatch(template.Text, parameters));
        }
        return matches;
    }

    private static Dictionary<string, string>? TryBind(Template template, string[] segments)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < segments.Length; i++)
        {
            var expected = template.Segments[i];
            if (expected.ParameterName is { } name)
            {
                if (segments[i].Length == 0)
                    return null;
                parameters[name] = Uri.UnescapeDataString(segments[i]);
            }
            else if (!string.Equals(expected.Literal, segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        return parameters;
    }

    // Keeps the leading empty segment of "/v2/x" so "/v2/x" and "v2/x" never both match.
    private static string[] Split(string path) => path.Split('/');

    private static Segment ParseSegment(string text) =>
        text.Length > 2 && text[0] == '{' && text[^1] == '}' && text.IndexOf('}') == text.Length - 1
            ? new Segment(null, text[1..^1])
            : new Segment(text, null);

    private static int CompareSpecificity(Template a, Template b)
    {
        for (int i = 0; i < a.Segments.Length; i++)
        {
            bool aLiteral = a.Segments[i].Literal is not null, bLiteral = b.Segments[i].Literal is not null;
            if (aLiteral != bLiteral)
                return aLiteral ? -1 : 1;
        }
        return string.CompareOrdinal(a.Text, b.Text); // deterministic order for equal specificity
    }

    private sealed record Segment(string? Literal, string? ParameterName);

    private sealed record Template(string Text, Segment[] Segments);
}
