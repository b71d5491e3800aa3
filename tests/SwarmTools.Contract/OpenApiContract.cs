using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>
/// Validates real HTTP exchanges against an OpenAPI 3.0/3.1 description (here DigitalOcean's).
/// Each method returns one message per violation, prefixed with the exchange
/// (<c>POST /v2/droplets 202: $.droplet.id: "x" is not of type integer</c>); empty means valid.
/// Load once and share: loading parses the whole YAML, validating is cheap. Thread-safe.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly SpecDocument _spec;
    private readonly PathMatcher _paths;
    private readonly ParameterChecker _parameters;
    private readonly BodyChecker _bodies;
    // JsonNode promises nothing about concurrent reads, and the caches are plain dictionaries.
    private readonly Lock _gate = new();

    private OpenApiContract(SpecDocument spec)
    {
        _spec = spec;
        _paths = new PathMatcher(spec.Paths?.Select(entry => entry.Key) ?? []);
        var formats = new StringFormats();
        _parameters = new ParameterChecker(spec, formats);
        _bodies = new BodyChecker(spec, formats);
    }

    /// <summary>Parses the YAML (or JSON) description; takes about a second for DigitalOcean's 3 MB.</summary>
    public static OpenApiContract Load(string specPath)
    {
        using var reader = new StreamReader(specPath);
        if (YamlToJson.Convert(reader) is not JsonObject root)
            throw new InvalidDataException($"{specPath}: the document is not a mapping");
        return new OpenApiContract(new SpecDocument(root));
    }

    /// <param name="query">The raw query string, with or without '?'; null or empty for none.</param>
    public IReadOnlyList<string> ValidateRequest(string method, string path, string? query, string? jsonBody)
    {
        (path, string? queryInPath) = SplitQuery(path);
        var violations = new List<string>();
        lock (_gate)
        {
            if (FindOperation(method, path, violations) is { } found)
            {
                _parameters.Check(found.PathItem, found.Operation, found.Match, query ?? queryInPath, violations);
                _bodies.CheckRequest(found.Operation, jsonBody, violations);
            }
        }
        return Prefixed($"{method.ToUpperInvariant()} {path}", violations);
    }

    public IReadOnlyList<string> ValidateResponse(string method, string path, int status, string? jsonBody)
    {
        (path, _) = SplitQuery(path);
        var violations = new List<string>();
        lock (_gate)
        {
            if (FindOperation(method, path, violations) is { } found)
                CheckResponse(found, status, jsonBody, violations);
        }
        return Prefixed($"{method.ToUpperInvariant()} {path} {status}", violations);
    }

    /// <summary>The most specific matching template that documents the method.</summary>
    private FoundOperation? FindOperation(string method, string path, List<string> violations)
    {
        var matches = _paths.MatchAll(path);
        if (matches.Count == 0)
        {
            violations.Add("no path in the spec matches");
            return null;
        }
        string key = method.ToLowerInvariant();
        foreach (var match in matches)
        {
            if (PathItem(match.Template) is { } pathItem && pathItem[key] is JsonObject operation)
                return new FoundOperation(match, pathItem, operation);
        }
        string template = matches[0].Template;
        var documented = HttpMethods.Where(m => PathItem(template)?[m] is not null).Select(m => m.ToUpperInvariant());
        violations.Add($"method is not documented for {template} (documented: {string.Join(", ", documented)})");
        return null;
    }

    private void CheckResponse(FoundOperation found, int status, string? body, List<string> violations)
    {
        var responses = found.Operation["responses"] as JsonObject;
        string code = status.ToString(CultureInfo.InvariantCulture);
        // Exact code first, then a range such as 4XX, then default, as OpenAPI specifies.
        var specific = responses?[code] ?? responses?[$"{code[0]}XX"] ?? responses?[$"{code[0]}xx"];
        if (specific is not null)
        {
            _bodies.CheckResponse(specific, body, violations);
        }
        else if (responses?["default"] is { } fallback)
        {
            // Say so: an error-schema complaint about a 200 really means "unexpected status".
            var againstDefault = new List<string>();
            _bodies.CheckResponse(fallback, body, againstDefault);
            violations.AddRange(againstDefault.Select(v => $"status not listed, checked against 'default': {v}"));
        }
        else
        {
            string documented = responses is null ? "none" : string.Join(", ", responses.Select(r => r.Key));
            violations.Add($"status is not documented for {found.Match.Template} (documented: {documented})");
        }
    }

    private JsonObject? PathItem(string template) => _spec.Dereference(_spec.Paths?[template], out _);

    // Tolerates a logged path that still carries its query string.
    private static (string Path, string? Query) SplitQuery(string path)
    {
        int mark = path.IndexOf('?');
        return mark < 0 ? (path, null) : (path[..mark], path[(mark + 1)..]);
    }

    private static List<string> Prefixed(string exchange, List<string> violations) =>
        violations.ConvertAll(violation => $"{exchange}: {violation}");

    private sealed record FoundOperation(PathMatch Match, JsonObject PathItem, JsonObject Operation);
}
