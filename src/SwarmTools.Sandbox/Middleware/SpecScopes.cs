namespace SwarmTools.Sandbox.Middleware;

/// <summary>A scope some part of a request adds when present: a query parameter, or a property of the body.</summary>
public sealed record PartScopes(string Name, IReadOnlyList<string> Scopes);

/// <summary>One operation of the spec and the scopes it needs (SpecScopes.g.cs lists them all).</summary>
public sealed record OperationScopes(
    string Method, string Path, IReadOnlyList<string> Scopes, IReadOnlyList<PartScopes> Query, IReadOnlyList<PartScopes> Body);

/// <summary>
/// The per-operation scope table generated from DigitalOcean's OpenAPI description
/// (SpecScopes.g.cs), never from the module's own table, so a wrong assumption in one shows in
/// the other.
/// </summary>
public static partial class SpecScopes
{
    /// <summary>The operation a request is for: same segments, a literal segment beating a {parameter}.</summary>
    public static OperationScopes? Find(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        OperationScopes? best = null;
        var bestLiterals = -1;
        foreach (var operation in Operations)
        {
            if (!operation.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                continue;
            var template = operation.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (template.Length != segments.Length)
                continue;
            var literals = 0;
            var matches = true;
            for (var i = 0; i < template.Length && matches; i++)
            {
                if (template[i].StartsWith('{'))
                    continue;
                matches = template[i] == segments[i];
                literals++;
            }
            if (matches && literals > bestLiterals)
                (best, bestLiterals) = (operation, literals);
        }
        return best;
    }
}
