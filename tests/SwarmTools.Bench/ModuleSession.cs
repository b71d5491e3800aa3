using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Bench;

/// <summary>
/// The built module in a runspace of this process, as a user's session has it. Its engine is the
/// one this program references (the cmdlets resolve it from here first), so the connector the
/// benchmark chooses (<see cref="UseConnector"/>) is one the cmdlets can use; <see cref="CheckOneEngine"/> proves it.
/// </summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleSession(string manifest, IReadOnlyDictionary<string, string> parameterDefaults)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Invoke("Import-Module $manifest", new Dictionary<string, object?> { ["manifest"] = Path.GetFullPath(manifest) });
        var defaults = new DefaultParameterDictionary();
        foreach (var (key, value) in parameterDefaults) defaults[key] = value;
        _runspace.SessionStateProxy.SetVariable("PSDefaultParameterValues", defaults);
    }

    /// <summary>Runs a script and returns its output; any error (terminating or not) fails the scenario, with the errors' text.</summary>
    public List<PSObject> Invoke(string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        List<PSObject> output;
        try { output = ps.Invoke().ToList(); }
        catch (RuntimeException e) { throw new BenchFailure($"'{script}' stopped: {e.Message}"); }
        if (ps.Streams.Error.Count > 0)
            throw new BenchFailure($"'{script}' wrote {ps.Streams.Error.Count} error(s): " + string.Join(" | ", ps.Streams.Error.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return output;
    }

    /// <summary>The cmdlets of this session reach nodes through <paramref name="connector"/> (see RunspaceConnectors).</summary>
    public void UseConnector(INodeConnector connector) => SwarmTools.Infrastructure.RunspaceConnectors.Use(_runspace, connector);

    /// <summary>Changes a default parameter value (e.g. a fresh known_hosts per scenario).</summary>
    public void SetDefault(string key, string value) =>
        ((DefaultParameterDictionary)_runspace.SessionStateProxy.GetVariable("PSDefaultParameterValues"))[key] = value;

    /// <summary>One SwarmTools.Engine in the process: otherwise the cmdlets could not use the benchmark's connector.</summary>
    public static void CheckOneEngine()
    {
        var engines = AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "SwarmTools.Engine");
        if (engines != 1) throw new BenchFailure($"{engines} SwarmTools.Engine assemblies are loaded: the cmdlets could not use the benchmark's connector.");
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>A scenario that did not end as it should: the benchmark reports no numbers for it.</summary>
public sealed class BenchFailure(string message) : Exception(message);
