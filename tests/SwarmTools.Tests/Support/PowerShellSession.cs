using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Support;

/// <summary>The built module imported into a fresh runspace, as a user's session would have it.</summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    /// <summary>What the session's host showed the user (warnings written straight to the host UI).</summary>
    public CapturingHost Host { get; } = new();

    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(RepoPaths.ModuleManifest);
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
    }

    /// <summary>Runs a script; returns its output and keeps its streams for assertions.</summary>
    public Result Invoke(string script, Dictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(name, value);
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try { output = ps.Invoke(); }
        catch (RuntimeException e) { output = new Collection<PSObject>(); terminating = e; }
        return new Result(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Warning.Select(w => w.Message).ToList(), ps.Streams.Debug.Select(d => d.Message).ToList(), terminating,
            ps.Streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToList())
        {
            Progress = ps.Streams.Progress.Select(p => p.StatusDescription).ToList(),
            ProgressText = ps.Streams.Progress.Select(p => string.Join(" | ", p.Activity, p.StatusDescription, p.CurrentOperation)).ToList(),
        };
    }

    /// <summary>This session's cmdlets reach nodes through <paramref name="connector"/> (e.g. simulated hosts) instead of SSH.</summary>
    public void UseConnector(INodeConnector connector) => RunspaceConnectors.Use(_runspace, connector);

    public PowerShell CreatePipeline(string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return ps;
    }

    public void Dispose() => _runspace.Dispose();

    public sealed record Result(List<PSObject> Output, List<ErrorRecord> Errors, List<string> Verbose, List<string> Warnings,
        List<string> Debug, Exception? Terminating, List<string> Information)
    {
        /// <summary>The status line of every progress record, in order.</summary>
        public List<string> Progress { get; init; } = [];

        /// <summary>Every field of every progress record (activity, status, operation), for scans.</summary>
        public List<string> ProgressText { get; init; } = [];

        /// <summary>Every error id seen, terminating or not.</summary>
        public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId)
            .Concat(Terminating is IContainsErrorRecord r ? new[] { r.ErrorRecord.FullyQualifiedErrorId } : Array.Empty<string>());

        /// <summary>Everything every stream carried (output, error, warning, verbose, debug, information, progress).</summary>
        public string AllText => string.Join("\n", Output.Select(o => o.ToString()).Concat(Errors.Select(e => e.ToString()))
            .Concat(Verbose).Concat(Warnings).Concat(Debug).Concat(Information).Concat(ProgressText).Append(Terminating?.ToString() ?? ""));
    }
}
