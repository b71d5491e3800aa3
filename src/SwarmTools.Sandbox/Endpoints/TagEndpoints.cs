using System.Text.RegularExpressions;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>/v2/tags: create (idempotent, 201), list, get, delete (untags its droplets).</summary>
public static partial class TagEndpoints
{
    public static void MapTags(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/tags", Create);
        app.MapGet("/v2/tags", (HttpContext context, SandboxState state, WireMapper wire, SandboxUrls urls) =>
            Pagination.List(context, urls, "tags", state.ListTags().Select(wire.Tag).ToList()));
        app.MapGet("/v2/tags/{name}", (HttpContext context, string name, SandboxState state, WireMapper wire) =>
            state.FindTagExactly(name) is { } tag ? Envelope.One("tag", wire.Tag(tag)) : ApiErrors.NotFound(context));
        app.MapDelete("/v2/tags/{name}", (HttpContext context, string name, SandboxState state) =>
            state.DeleteTag(name) ? Results.NoContent() : ApiErrors.NotFound(context));
    }

    // The spec answers an invalid tag name with 400 (tags_bad_request).
    private static async Task<IResult> Create(HttpContext context, SandboxState state, WireMapper wire)
    {
        var (request, error) = await JsonBody.ReadAsync<TagRequest>(context);
        if (request is null)
            return error!;
        if (request.Name is not { Length: > 0 and <= 255 } name || !TagName().IsMatch(name))
            return ApiErrors.BadRequest(context,
                $"Error validating resource tag: tag-name \"{request.Name}\" contains invalid characters (letters, numbers, colons, dashes and underscores only)");
        return Envelope.One("tag", wire.Tag(state.EnsureTag(name)), StatusCodes.Status201Created);
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_\-:]+$")]
    private static partial Regex TagName();
}
