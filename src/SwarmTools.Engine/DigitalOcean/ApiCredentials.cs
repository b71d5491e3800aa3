using System;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// Where the token and the API come from. The chain: an explicit token, then
/// DIGITALOCEAN_TOKEN, then DIGITALOCEAN_ACCESS_TOKEN. Only the source is ever shown.
/// </summary>
public sealed class ApiCredentials
{
    public const string TokenVariable = "DIGITALOCEAN_TOKEN";
    public const string AccessTokenVariable = "DIGITALOCEAN_ACCESS_TOKEN";
    public const string ApiUrlVariable = "DIGITALOCEAN_API_URL";
    public static readonly Uri PublicApi = new Uri("https://api.digitalocean.com/");

    private ApiCredentials(string token, string tokenSource, Uri baseUrl)
    {
        Token = token;
        TokenSource = tokenSource;
        BaseUrl = baseUrl;
    }

    internal string Token { get; }
    /// <summary>"-Token", or the name of the variable the token came from.</summary>
    public string TokenSource { get; }
    public Uri BaseUrl { get; }

    public override string ToString() => $"{BaseUrl} (token from {TokenSource})";

    /// <summary>Resolves the chain; <paramref name="environment"/> reads a variable (Environment.GetEnvironmentVariable in production).</summary>
    public static ApiCredentials Resolve(string? explicitToken, Func<string, string?> environment)
    {
        var baseUrl = ResolveBaseUrl(environment(ApiUrlVariable));
        if (!string.IsNullOrWhiteSpace(explicitToken)) return new ApiCredentials(explicitToken!.Trim(), "-Token", baseUrl);
        foreach (var variable in new[] { TokenVariable, AccessTokenVariable })
        {
            var value = environment(variable);
            if (!string.IsNullOrWhiteSpace(value)) return new ApiCredentials(value!.Trim(), "$env:" + variable, baseUrl);
        }
        throw new MissingTokenException(
            $"No DigitalOcean API token. Pass -Token (a SecureString, e.g. -Token (Read-Host -AsSecureString)) or set ${"env:" + TokenVariable} (or ${"env:" + AccessTokenVariable}).");
    }

    private static Uri ResolveBaseUrl(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return PublicApi;
        if (!Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var url) || (url.Scheme != "https" && url.Scheme != "http"))
            throw new ArgumentException($"${"env:" + ApiUrlVariable} is not an http(s) URL: '{value}'. Set it to the API's base URL, e.g. https://api.digitalocean.com, or remove it.");
        // A bearer token over plain http may only go to this machine (the sandbox).
        if (url.Scheme == "http" && !url.IsLoopback)
            throw new ArgumentException($"${"env:" + ApiUrlVariable} is plain http to {url.Host}: the token would travel unencrypted. Use https, or http only for a loopback sandbox.");
        return ApiConnection.NormalizeBaseUrl(url);
    }
}

public sealed class MissingTokenException : Exception
{
    public MissingTokenException(string message) : base(message) { }
}
