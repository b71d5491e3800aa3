using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>The read-only reference data: regions, sizes, images, VPCs.</summary>
public static class CatalogEndpoints
{
    public static void MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/regions", (HttpContext context, ReferenceData reference, SandboxUrls urls) =>
            Pagination.List(context, urls, "regions", reference.Regions));

        app.MapGet("/v2/sizes", (HttpContext context, ReferenceData reference, SandboxUrls urls) =>
            Pagination.List(context, urls, "sizes", reference.Sizes));

        app.MapGet("/v2/images", ListImages);

        app.MapGet("/v2/images/{idOrSlug}", (HttpContext context, string idOrSlug, ReferenceData reference) =>
            reference.FindImage(idOrSlug) is { } image ? Envelope.One("image", image.Wire) : ApiErrors.NotFound(context));

        app.MapGet("/v2/vpcs", (HttpContext context, ReferenceData reference, SandboxUrls urls) =>
            Pagination.List(context, urls, "vpcs", reference.Vpcs));

        app.MapGet("/v2/vpcs/{id}", (HttpContext context, string id, ReferenceData reference) =>
            reference.FindVpc(id) is { } vpc ? Envelope.One("vpc", vpc) : ApiErrors.NotFound(context));
    }

    // ?type=application|distribution; ?private=true and ?tag_name= select user images, of which there are none.
    private static IResult ListImages(HttpContext context, ReferenceData reference, SandboxUrls urls)
    {
        var query = context.Request.Query;
        var type = query["type"].ToString();
        if (type is not ("" or "application" or "distribution"))
            return ApiErrors.Unprocessable(context, "type must be application or distribution.");
        var userImagesOnly = query["private"].ToString().Equals("true", StringComparison.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(query["tag_name"]);
        IReadOnlyList<WireImage> images = userImagesOnly
            ? []
            : reference.Images
                .Where(i => type == "" || i.IsApplication == (type == "application"))
                .Select(i => i.Wire)
                .ToList();
        return Pagination.List(context, urls, "images", images);
    }
}
