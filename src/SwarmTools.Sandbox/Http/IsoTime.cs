using System.Globalization;

namespace SwarmTools.Sandbox.Http;

/// <summary>The API writes times as ISO 8601 in UTC to the second, e.g. 2020-07-21T18:37:44Z.</summary>
public static class IsoTime
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
