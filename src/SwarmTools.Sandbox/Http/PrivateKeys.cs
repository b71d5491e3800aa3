using System.Text.RegularExpressions;

namespace SwarmTools.Sandbox.Http;

/// <summary>
/// What the sandbox shows of a body it keeps (the request log, /_sandbox/droplets): user_data
/// carries host private keys, so every PEM private key block is cut out, whether its line breaks
/// are real or JSON-escaped. The droplet's state keeps the real text: the lab needs it.
/// </summary>
public static partial class PrivateKeys
{
    public const string Redacted = "[private key redacted]";

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----.*?-----END ([A-Z0-9]+ )*PRIVATE KEY-----", RegexOptions.Singleline)]
    private static partial Regex Block();

    public static string? Redact(string? text) => text is null ? null : Block().Replace(text, Redacted);
}
