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
        app.MapPost("/v2/tags/{name}/resources", TagResources);
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

    // Tags droplets (the only resources here) with an existing tag, named in its canonical spelling.
    // The spec: tagging needs tag:create (the operation's scope) and <resource type>:update.
    private static async Task<IResult> TagResources(HttpContext context, string name, SandboxState state)
    {
        var (request, error) = await JsonBody.ReadAsync<TagResourcesRequest>(context);
        if (request is null)
            return error!;
        if (context.Items[Middleware.ScopeCheck.ScopesItem] is IReadOnlySet<string> held && !Middleware.Scopes.Grants(held, "droplet:update"))
            return ApiErrors.Result(context, 403, ApiErrors.ForbiddenMessage);
        if (request.Resources is not { Count: > 0 } resources)
            return ApiErrors.BadRequest(context, "resources must name at least one resource.");
        var ids = new List<long>();
        foreach (var resource in resources)
        {
            if (resource.ResourceType != "droplet" || !long.TryParse(resource.ResourceId, out var id))
                return ApiErrors.BadRequest(context, $"Only droplets can be tagged here; got {resource.ResourceType} {resource.ResourceId}.");
            ids.Add(id);
        }
        if (state.FindTagExactly(name) is not { } canonical || !state.TagDroplets(canonical, ids))
            return ApiErrors.NotFound(context);
        return Results.NoContent();
    }

    [GeneratedRegex(@"^[a-zA-Z0-9_\-:]+$")]
    private static partial Regex TagName();
}
