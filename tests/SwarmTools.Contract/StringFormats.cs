using System.Text.RegularExpressions;

namespace SwarmTools.Contract;

/// <summary>
/// String checks: the <c>date-time</c> and <c>uuid</c> formats (loosely, see below) and
/// <c>pattern</c>. Other formats (int64, ipv4, uri ...) are annotations only, as JSON Schema allows.
/// </summary>
internal sealed partial class StringFormats
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Regex?> _patterns = new(StringComparer.Ordinal);

    /// <summary>Null when the value is fine or the format is not checked; otherwise the reason.</summary>
    public static string? CheckFormat(string format, string value) => format switch
    {
        "date-time" when !DateTimePattern().IsMatch(value) => "is not a date-time",
        "uuid" when !Guid.TryParseExact(value, "D", out _) => "is not a uuid",
        _ => null,
    };

    /// <summary>
    /// True when the value matches or the pattern cannot be evaluated by .NET (a spec problem,
    /// not a client one). Patterns are unanchored, as in JSON Schema.
    /// </summary>
    public bool MatchesPattern(string pattern, string value)
    {
        if (!_patterns.TryGetValue(pattern, out var regex))
        {
            try
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
            }
            catch (ArgumentException)
            {
                regex = null;
            }
            _patterns[pattern] = regex;
        }
        try
        {
            return regex is null || regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    // RFC 3339 shape, loosely: 'T' or a space, optional fraction, zone optional. Real servers
    // (and the spec's own examples) vary in the details; a wrong shape is what we want to catch.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTimePattern();
}
