using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace SwarmTools.Infrastructure
{
    /// <summary>
    /// On import, routes the cmdlets' reference to SwarmTools.Engine to <see cref="EngineLoadContext"/>.
    /// Only the engine's name is answered here; the engine's own dependencies then resolve inside
    /// its context.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private const string EngineName = "SwarmTools.Engine";
        private static readonly object Gate = new object();
        private static EngineLoadContext? _context;

        public void OnImport()
        {
            var directory = Path.Combine(Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!, "Dependencies");
            // A development build (xUnit) has the engine beside the cmdlets: nothing to isolate.
            if (!Directory.Exists(directory)) return;
            lock (Gate)
            {
                if (_context != null) return;
                _context = new EngineLoadContext(directory);
                AssemblyLoadContext.Default.Resolving += ResolveEngine;
            }
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
            string.Equals(name.Name, EngineName, StringComparison.Ordinal) ? _context!.LoadFromAssemblyName(name) : null;
    }
}
