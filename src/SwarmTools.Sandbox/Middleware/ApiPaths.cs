namespace SwarmTools.Sandbox.Middleware;

/// <summary>Which part of the server a path belongs to.</summary>
public static class ApiPaths
{
    public static bool IsApi(PathString path) => path.StartsWithSegments("/v2");

    public static bool IsControl(PathString path) => path.StartsWithSegments("/_sandbox");
}
