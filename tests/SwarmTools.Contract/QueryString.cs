namespace SwarmTools.Contract;

/// <summary>Splits a raw query string into names and their (repeatable) decoded values.</summary>
internal static class QueryString
{
    public static Dictionary<string, List<string>> Parse(string? query)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            string name = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (!values.TryGetValue(name, out var list))
                values[name] = list = [];
            list.Add(value);
        }
        return values;
    }

    // Form encoding writes spaces as '+'.
    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
