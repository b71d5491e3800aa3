using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// The transport under every service: bearer auth, JSON envelopes, pagination, rate-limit
/// bookkeeping, retries and error mapping. One instance per token and base URL.
/// </summary>
public sealed class ApiConnection : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly RetryPolicy _retry;

    public ApiConnection(Uri baseUrl, string token, RetryPolicy? retry = null, HttpMessageHandler? handler = null)
    {
        if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException("The API token is empty.", nameof(token));
        _baseUrl = NormalizeBaseUrl(baseUrl);
        _retry = retry ?? RetryPolicy.Default;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // per request, see SendOnceAsync
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
    }

    public Uri BaseUrl => _baseUrl;

    /// <summary>"SwarmTools/&lt;the module's version&gt;" (the build stamps it from Directory.Build.props, as the manifest's).</summary>
    public static string UserAgent { get; } = "SwarmTools/" + ModuleVersion();

    private static string ModuleVersion()
    {
        var assembly = typeof(ApiConnection).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0]; // the build may append "+<commit>"
        return string.IsNullOrEmpty(version) ? assembly.GetName().Version!.ToString(3) : version!;
    }

    /// <summary>Time allowed for one HTTP exchange.</summary>
    public TimeSpan RequestTimeout => _retry.RequestTimeout;

    /// <summary>Items asked per page when listing (the API allows up to 200; fewer requests is kinder to the rate limit).</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>One line per exchange ("GET /v2/droplets?tag_name=x 200 req-id"), for debug streams. Never the token.</summary>
    public Action<string>? Trace { get; set; }

    /// <summary>What the user should know about how a request was made (a tag's canonical spelling), for warnings.</summary>
    public Action<string>? Notice { get; set; }

    public async Task<T> GetAsync<T>(string path, string envelope, CancellationToken ct)
    {
        using var doc = await SendAsync(HttpMethod.Get, path, null, ct).ConfigureAwait(false);
        return Unwrap<T>(doc, envelope, "GET", path);
    }

    /// <summary>GET that maps 404 to null (the "does it exist?" question).</summary>
    public async Task<T?> FindAsync<T>(string path, string envelope, CancellationToken ct) where T : class
    {
        try { return await GetAsync<T>(path, envelope, ct).ConfigureAwait(false); }
        catch (DigitalOceanException e) when (e.IsNotFound) { return null; }
    }

    /// <summary>Every item of a list, following links.pages.next (absolute URLs) page by page.</summary>
    public async Task<List<T>> ListAsync<T>(string path, string envelope, CancellationToken ct)
    {
        var items = new List<T>();
        string? next = AddQuery(path, "per_page", PageSize.ToString(CultureInfo.InvariantCulture));
        while (next != null)
        {
            using var doc = await SendAsync(HttpMethod.Get, next, null, ct).ConfigureAwait(false);
            items.AddRange(Unwrap<List<T>>(doc, envelope, "GET", next));
            next = NextPage(doc);
        }
        return items;
    }

    /// <summary>meta.total of a list, read with one small request.</summary>
    public async Task<int> CountAsync(string path, CancellationToken ct)
    {
        using var doc = await SendAsync(HttpMethod.Get, AddQuery(path, "per_page", "1"), null, ct).ConfigureAwait(false);
        return doc != null && doc.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("total", out var total)
            ? total.GetInt32() : 0;
    }

    public async Task<JsonDocument?> PostAsync(string path, object body, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, path, body, ct).ConfigureAwait(false);

    public async Task<T> PostAsync<T>(string path, object body, string envelope, CancellationToken ct)
    {
        using var doc = await SendAsync(HttpMethod.Post, path, body, ct).ConfigureAwait(false);
        return Unwrap<T>(doc, envelope, "POST", path);
    }

    public async Task<T> PutAsync<T>(string path, object body, string envelope, CancellationToken ct)
    {
        using var doc = await SendAsync(HttpMethod.Put, path, body, ct).ConfigureAwait(false);
        return Unwrap<T>(doc, envelope, "PUT", path);
    }

    public async Task DeleteAsync(string path, CancellationToken ct, object? body = null)
    {
        using var _ = await SendAsync(HttpMethod.Delete, path, body, ct).ConfigureAwait(false);
    }

    internal static T Unwrap<T>(JsonDocument? doc, string envelope, string method, string path)
    {
        if (doc == null || !doc.RootElement.TryGetProperty(envelope, out var inner))
            throw new DigitalOceanException(method, path, 200, null, $"the answer has no \"{envelope}\" field", null);
        return inner.Deserialize<T>(ApiJson.Options)!;
    }

    private async Task<JsonDocument?> SendAsync(HttpMethod method, string pathOrUrl, object? body, CancellationToken ct)
    {
        var uri = Resolve(pathOrUrl);
        var display = uri.PathAndQuery;
        var payload = body is null ? null : JsonSerializer.Serialize(body, body.GetType(), ApiJson.Options);
        var safeToRepeat = method == HttpMethod.Get || method == HttpMethod.Delete;

        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await SendOnceAsync(method, uri, payload, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e, ct))
            {
                var reason = e is OperationCanceledException ? $"no answer within {_retry.RequestTimeout.TotalSeconds:0} s" : e.Message;
                Trace?.Invoke($"{method} {display} failed: {reason}");
                if (!safeToRepeat || attempt >= _retry.MaxAttempts)
                    throw new DigitalOceanException(method.Method, display, 0, null, reason, null, e);
                await Task.Delay(_retry.Backoff(attempt), ct).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var rate = RateLimit.Of(response);
                var text = response.Content == null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                var requestId = Header(response, "x-request-id");
                var status = (int)response.StatusCode;
                Trace?.Invoke($"{method} {display} {status}{(requestId is null ? "" : " " + requestId)}");

                if (response.IsSuccessStatusCode)
                    return string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);

                var error = ParseError(text, requestId);
                if (status == 429 && attempt < _retry.MaxAttempts)
                {
                    var wait = RateLimitWait(response, rate);
                    if (wait > _retry.MaxRateLimitWait)
                        throw new DigitalOceanException(method.Method, display, status, error.Id,
                            $"rate limit reached; the API asks to wait {wait.TotalSeconds:0} s. Try again later.", error.RequestId) { Rate = rate };
                    Trace?.Invoke($"rate limited: waiting {wait.TotalSeconds:0.#} s");
                    await Task.Delay(wait, ct).ConfigureAwait(false);
                    continue;
                }
                if (status >= 500 && safeToRepeat && attempt < _retry.MaxAttempts)
                {
                    await Task.Delay(_retry.Backoff(attempt), ct).ConfigureAwait(false);
                    continue;
                }
                var message = status switch
                {
                    401 => Unauthorized(error.Message),
                    403 => Forbidden(error.Message, method.Method, display, payload),
                    _ => error.Message,
                };
                throw new DigitalOceanException(method.Method, display, status, error.Id, message, error.RequestId) { Rate = rate };
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, string? payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_retry.RequestTimeout);
        using var request = new HttpRequestMessage(method, uri);
        if (payload != null) request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        return response;
    }

    // A timeout of ours looks like cancellation; the caller's own cancellation is not a failure to retry.
    private static bool IsTransportFailure(Exception e, CancellationToken ct) =>
        e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    // Retry-After, else this 429's own ratelimit-reset: never another call's.
    private TimeSpan RateLimitWait(HttpResponseMessage response, RateLimit? rate)
    {
        if (double.TryParse(Header(response, "retry-after"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(Math.Max(seconds, 0.1));
        if (rate != null)
        {
            var untilReset = rate.Reset - DateTimeOffset.UtcNow;
            if (untilReset > TimeSpan.Zero) return untilReset;
        }
        return _retry.Backoff(1);
    }

    // HttpHeaders lookups are case-insensitive already; content headers are checked too.
    private static string? Header(HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values)) return values.FirstOrDefault();
        if (response.Content != null && response.Content.Headers.TryGetValues(name, out values)) return values.FirstOrDefault();
        return null;
    }

    private static (string? Id, string Message, string? RequestId) ParseError(string text, string? headerRequestId)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            string? Get(string p) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (Get("id"), Get("message") ?? "(no message)", Get("request_id") ?? headerRequestId);
        }
        catch (JsonException)
        {
            var snippet = text.Length > 200 ? text.Substring(0, 200) + "…" : text;
            return (null, string.IsNullOrWhiteSpace(snippet) ? "(empty answer)" : snippet, headerRequestId);
        }
    }

    /// <summary>Where a user makes a new token (the control panel's API page).</summary>
    public const string TokensPage = "https://cloud.digitalocean.com/account/api/tokens";

    // The API says only "Unable to authenticate you": a token that worked yesterday has expired or was revoked.
    private static string Unauthorized(string apiMessage) =>
        $"{apiMessage.TrimEnd('.')}. The token is wrong, expired or revoked (a token lives only as long as the expiry chosen when it was made). " +
        $"Make a new personal access token at {TokensPage} and pass it with -Token or $env:DIGITALOCEAN_TOKEN.";

    // The API does not say why: a scope the token lacks, or the user's role on the team. Name the scopes this request needs.
    private static string Forbidden(string apiMessage, string method, string pathAndQuery, string? payload)
    {
        var scopes = ApiScopes.For(method, pathAndQuery, payload);
        var needs = scopes.Count == 1 ? $"the scope {scopes[0]}" : $"the scopes {string.Join(", ", scopes)}";
        return $"{apiMessage.TrimEnd('.')}. Either the token lacks a scope (this request needs {needs}), or your role on the team does not allow it. " +
               "Give the token the missing scope (or use one with full access), or ask a team owner for a role that allows it; see 'Using real DigitalOcean' in the SwarmTools README.";
    }

    private static string? NextPage(JsonDocument? doc)
    {
        if (doc != null && doc.RootElement.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Object
            && links.TryGetProperty("pages", out var pages) && pages.ValueKind == JsonValueKind.Object
            && pages.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String)
            return next.GetString();
        return null;
    }

    /// <summary>
    /// Relative paths go under the base URL; absolute ones (pagination links) must point at the
    /// same origin, or the bearer token would be sent to another host.
    /// </summary>
    private Uri Resolve(string pathOrUrl)
    {
        if (Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            if (Uri.Compare(absolute, _baseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                throw new DigitalOceanException("GET", absolute.AbsolutePath, 0, null,
                    $"refusing to follow a link to {absolute.GetLeftPart(UriPartial.Authority)}, which is not the API's origin", null);
            return absolute;
        }
        return new Uri(_baseUrl, pathOrUrl.TrimStart('/'));
    }

    internal static string AddQuery(string path, string name, string value) =>
        path + (path.IndexOf('?') >= 0 ? "&" : "?") + Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);

    /// <summary>Accepts "https://api.digitalocean.com", with or without a trailing "/" or "/v2".</summary>
    internal static Uri NormalizeBaseUrl(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/v2", StringComparison.OrdinalIgnoreCase)) text = text.Substring(0, text.Length - 3);
        return new Uri(text + "/");
    }

    public void Dispose() => _http.Dispose();
}
