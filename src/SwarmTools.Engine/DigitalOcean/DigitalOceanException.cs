using System;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// Any failure talking to the DigitalOcean API: an error answer (status, API id, message,
/// request id) or a transport failure (status 0). Never carries the token.
/// </summary>
public sealed class DigitalOceanException : Exception
{
    public DigitalOceanException(string method, string path, int statusCode, string? errorId,
        string apiMessage, string? requestId, Exception? inner = null)
        : base(Describe(method, path, statusCode, errorId, apiMessage, requestId), inner)
    {
        Method = method;
        Path = path;
        StatusCode = statusCode;
        ErrorId = errorId;
        ApiMessage = apiMessage;
        RequestId = requestId;
    }

    public string Method { get; }
    public string Path { get; }
    /// <summary>HTTP status, or 0 when no answer came (connection failure, timeout).</summary>
    public int StatusCode { get; }
    /// <summary>The API's error id (e.g. "unprocessable_entity"); its case varies, match on <see cref="StatusCode"/>.</summary>
    public string? ErrorId { get; }
    public string ApiMessage { get; }
    public string? RequestId { get; }
    /// <summary>The rate limit this failed answer reported (null: none, or no answer).</summary>
    public RateLimit? Rate { get; internal set; }

    public bool IsNotFound => StatusCode == 404;

    private static string Describe(string method, string path, int status, string? id, string message, string? requestId)
    {
        var who = status == 0
            ? $"DigitalOcean API {method} {path} failed: {message}"
            : $"DigitalOcean API {method} {path} answered {status}{(id is null ? "" : " " + id)}: {message}";
        return requestId is null ? who : $"{who} (request id {requestId})";
    }
}
