using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>
/// Checks a request or response body: present exactly when the spec documents one, and valid
/// against the schema of its JSON media type. Bodies of non-JSON media types (e.g.
/// text/event-stream) are accepted unchecked.
/// </summary>
internal sealed class BodyChecker(SpecDocument spec, StringFormats formats)
{
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public void CheckRequest(JsonObject operation, string? body, List<string> violations)
    {
        var requestBody = spec.Dereference(operation["requestBody"], out string? error);
        if (error is not null)
            violations.Add($"spec error: {error}");
        else if (requestBody is null)
        {
            if (HasText(body))
                violations.Add("a request body was sent but the operation documents none");
        }
        else if (!HasText(body))
        {
            if (JsonValues.IsTrue(requestBody["required"]))
                violations.Add("the request body is required but none was sent");
        }
        else
            CheckJson(requestBody["content"] as JsonObject, body!, MessageDirection.Request, violations);
    }

    /// <param name="declaredResponse">The operation's response object (or a $ref to one).</param>
    public void CheckResponse(JsonNode declaredResponse, string? body, List<string> violations)
    {
        var response = spec.Dereference(declaredResponse, out string? error);
        if (response is null)
        {
            violations.Add($"spec error: {error ?? "the response is not an object"}");
            return;
        }

        var content = response["content"] as JsonObject;
        if (content is null || content.Count == 0)
        {
            if (HasText(body))
                violations.Add("a body was returned but the response documents no content");
        }
        else if (!HasText(body))
        {
            if (JsonMediaType(content) is not null)
                violations.Add("the body is empty but the response documents application/json content");
        }
        else
            CheckJson(content, body!, MessageDirection.Response, violations);
    }

    private void CheckJson(JsonObject? content, string body, MessageDirection direction, List<string> violations)
    {
        if (JsonMediaType(content) is not { } mediaType)
            return;
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body, documentOptions: StrictJson);
        }
        catch (JsonException parseError)
        {
            violations.Add($"body is not valid JSON: {parseError.Message}");
            return;
        }
        new SchemaValidator(spec, formats, direction).Validate(instance, mediaType["schema"], "$", violations);
    }

    private static JsonObject? JsonMediaType(JsonObject? content) =>
        content?.FirstOrDefault(entry => IsJson(entry.Key)).Value as JsonObject;

    private static bool IsJson(string mediaType)
    {
        string essence = mediaType.Split(';')[0].Trim();
        return essence.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || essence.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool HasText(string? body) => !string.IsNullOrWhiteSpace(body);
}
