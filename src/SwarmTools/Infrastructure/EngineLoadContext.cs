using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace SwarmTools.Infrastructure;

/// <summary>
/// The engine and its libraries (SSH.NET, System.Text.Json, …) load here, from the module's
/// Dependencies folder, isolated from whatever versions other modules brought into the
/// process (SSH.NET is shared by many modules and their versions clash).
/// </summary>
internal sealed class EngineLoadContext : AssemblyLoadContext
{
    private readonly string _directory;

    /// <summary>Named, so tools that list load contexts (and error messages) say whose it is.</summary>
    public const string ContextName = "SwarmTools.Engine";

    public EngineLoadContext(string directory) : base(ContextName) => _directory = directory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var path = Path.Combine(_directory, assemblyName.Name + ".dll");
        // Not ours (the framework, PowerShell itself): the default context provides it.
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }
}
