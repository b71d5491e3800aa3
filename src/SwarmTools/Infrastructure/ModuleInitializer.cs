using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SwarmTools.Infrastructure;

/// <summary>
/// On import, routes the cmdlets' reference to SwarmTools.Engine to <see cref="EngineLoadContext"/>.
/// Only the engine's name is answered here; the engine's own dependencies then resolve inside
/// its context. On Remove-Module, stops the session's sandbox (the session's variables point back
/// where they were), closes the SSH sessions and unhooks the resolver; a later
/// Import-Module in the same process hooks it again and finds the engine already loaded.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineName = "SwarmTools.Engine";
    private static readonly object Gate = new object();
    private static EngineLoadContext? _context;
    private static bool _hooked;

    public void OnImport()
    {
        var directory = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");
        // A development build (xUnit) has the engine beside the cmdlets: nothing to isolate.
        if (!Directory.Exists(directory)) return;
        lock (Gate)
        {
            // The context outlives the module: the cmdlet assembly stays loaded and keeps its engine.
            _context ??= new EngineLoadContext(directory);
            if (_hooked) return;
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
            _hooked = true;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (EngineLoaded())
        {
            StopSandbox(); // a sandbox was started through the engine: none without it
            CloseSessions();
        }
        lock (Gate)
        {
            if (!_hooked) return;
            AssemblyLoadContext.Default.Resolving -= ResolveEngine;
            _hooked = false;
        }
    }

    // Without this the sandbox outlives the module and $env:DIGITALOCEAN_* keep pointing at it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void StopSandbox()
    {
        if (Commands.SandboxRegistry.Current is not { } sandbox) return;
        try { Commands.SandboxRegistry.Stop(sandbox); }
        catch (Exception e)
        {
            // No cmdlet to warn through here: stderr, so the user still learns what is left.
            Console.Error.WriteLine($"WARNING: SwarmTools could not stop its sandbox at {sandbox.ApiUrl} (process {sandbox.ProcessId}): {e.Message}. " +
                $"$env:{SwarmTools.Engine.DigitalOcean.ApiCredentials.ApiUrlVariable} may still point at it.");
        }
    }

    /// <summary>Asking the engine to close its sessions must not load it just for that.</summary>
    private static bool EngineLoaded() =>
        _context is null || _context.Assemblies.Any(a => a.GetName().Name == EngineName);

    // A separate method, never inlined: the engine's types are touched only when it is already loaded.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CloseSessions() => SwarmTools.Engine.Orchestration.NodeConnections.CloseAll();

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        string.Equals(name.Name, EngineName, StringComparison.Ordinal) ? _context!.LoadFromAssemblyName(name) : null;
}
