using System.Globalization;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Http;

/// <summary>
/// `page`/`per_page` lists: {"items":[…],"links":{…},"meta":{"total":N}}. Links are absolute and
/// keep the caller's other query parameters; a list that fits one page answers `"links": {}`.
/// </summary>
public static class Pagination
{
    public const int DefaultPerPage = 20;
    public const int MaxPerPage = 200;

    public static IResult List<T>(HttpContext context, SandboxUrls urls, string key, IReadOnlyList<T> all)
    {
        var (page, perPage) = Read(context.Request.Query);
        var items = all.Skip((page - 1) * perPage).Take(perPage).ToList();
        var lastPage = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var body = new Dictionary<string, object>
        {
            [key] = items,
            ["links"] = Links(context, urls, page, lastPage),
            ["meta"] = new WireMeta(all.Count),
        };
        return Results.Json(body, SandboxJson.Options);
    }

    public static (int Page, int PerPage) Read(IQueryCollection query)
    {
        var page = ReadInt(query, "page") is int p && p >= 1 ? p : 1;
        var perPage = ReadInt(query, "per_page") is int n && n >= 1 ? Math.Min(n, MaxPerPage) : DefaultPerPage;
        return (page, perPage);
    }

    private static object Links(HttpContext context, SandboxUrls urls, int page, int lastPage)
    {
        if (page == 1 && lastPage == 1)
            return new Dictionary<string, object>();
        string Url(int target) => urls.Absolute(context.Request.Path + WithPage(context.Request.QueryString, target));
        var hasBefore = page > 1;
        var hasAfter = page < lastPage;
        return new WirePageLinks(new WirePageUrls(
            First: hasBefore ? Url(1) : null,
            Prev: hasBefore ? Url(Math.Min(page - 1, lastPage)) : null,
            Next: hasAfter ? Url(page + 1) : null,
            Last: hasAfter ? Url(lastPage) : null));
    }

    /// <summary>`page` first, then every other pair of the request verbatim and in order.</summary>
    private static string WithPage(QueryString query, int page)
    {
        var pairs = (query.Value ?? "").TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.Split('=')[0].Equals("page", StringComparison.Ordinal))
            .Prepend("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "?" + string.Join('&', pairs);
    }

    private static int? ReadInt(IQueryCollection query, string name) =>
        int.TryParse(query[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
