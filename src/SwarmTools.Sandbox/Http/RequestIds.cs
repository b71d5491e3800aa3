namespace SwarmTools.Sandbox.Http;

/// <summary>Gives every request a GUID, sent as `x-request-id` and repeated in error bodies.</summary>
public static class RequestIds
{
    private const string ItemKey = "sandbox.request-id";

    public static string Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string text ? text : Assign(context);

    public static string Assign(HttpContext context)
    {
        var id = Guid.NewGuid().ToString();
        context.Items[ItemKey] = id;
        context.Response.Headers["x-request-id"] = id;
        return id;
    }
}
