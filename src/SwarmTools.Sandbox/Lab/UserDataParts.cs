using System.Text;
using System.Text.RegularExpressions;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// cloud-init's multi-part user data: a MIME message (multipart/mixed) whose parts each have a
/// type, text/cloud-config and text/x-shellscript being the ones the lab honours. A part without
/// a usable type is typed by its first line, as cloud-init does.
/// </summary>
public static partial class UserDataParts
{
    public const string CloudConfigType = "text/cloud-config";
    public const string ScriptType = "text/x-shellscript";

    /// <summary>The parts in order as (type, body); null when the user data is not a multi-part message.</summary>
    public static IReadOnlyList<(string Type, string Body)>? Split(string userData)
    {
        var text = userData.ReplaceLineEndings("\n");
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (headerEnd < 0 || Boundary().Match(text[..headerEnd]) is not { Success: true } boundary
            || !text[..headerEnd].Contains("multipart/", StringComparison.OrdinalIgnoreCase))
            return null;

        var delimiter = "--" + boundary.Groups[1].Value;
        var parts = new List<(string, string)>();
        foreach (var chunk in text[(headerEnd + 2)..].Split(delimiter + "\n").Skip(1))
        {
            var part = chunk.Split("\n" + delimiter)[0]; // the last part ends at "--boundary--"
            var split = part.IndexOf("\n\n", StringComparison.Ordinal);
            if (split < 0)
                continue;
            var headers = part[..split];
            var body = part[(split + 2)..];
            if (Regex.IsMatch(headers, @"(?im)^content-transfer-encoding:\s*base64"))
                body = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c)))));
            var type = ContentType().Match(headers) is { Success: true } t ? t.Groups[1].Value.ToLowerInvariant() : "";
            parts.Add((TypeOf(type, body), body.EndsWith('\n') ? body : body + "\n"));
        }
        return parts;
    }

    private static string TypeOf(string declared, string body) => declared switch
    {
        CloudConfigType or ScriptType => declared,
        _ when body.StartsWith(CloudConfig.Header, StringComparison.Ordinal) => CloudConfigType,
        _ when body.StartsWith("#!", StringComparison.Ordinal) => ScriptType,
        _ => declared,
    };

    [GeneratedRegex(@"boundary=""?([^"";\n]+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(?im)^content-type:\s*([^;\s]+)")]
    private static partial Regex ContentType();
}
