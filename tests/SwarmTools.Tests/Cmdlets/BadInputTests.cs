using System.Diagnostics;
using System.Management.Automation;
using System.Reflection;
using SwarmTools.Tests.Support;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Bad input, generated: every parameter of every exported cmdlet gets the invalid values its type
/// and validation attributes call for (<see cref="InvalidArguments"/>), one at a time, in an
/// otherwise valid call. Each must end in an error with a stable id (the module's, from ErrorIds,
/// or PowerShell's own parameter-binding ids) that names the parameter or the value, quickly, and
/// must change nothing: the sandbox's request log shows no request but GETs.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class BadInputTests
{
    private static readonly string Key = TestKeys.NewPublicKey();
    /// <summary>Bad input is refused before any work: a call still running after this went on to use the nodes.</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(8);

    /// <summary>PowerShell's stable ids for arguments refused while binding (validation attributes, conversions).</summary>
    private static readonly string[] BindingIds =
        { "ParameterArgumentValidationError", "ParameterArgumentTransformationError", "CannotConvertArgument", "CannotConvertArgumentNoMessage", "ParameterArgumentValidationErrorNullNotAllowed",
          "ParameterArgumentValidationErrorEmptyStringNotAllowed", "ParameterArgumentValidationErrorEmptyArrayNotAllowed", "InputObjectNotBound" };

    private static readonly HashSet<string> ModuleIds = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    [Fact]
    public void The_generator_covers_every_parameter_of_every_cmdlet()
    {
        var all = InvalidArguments.All();
        Assert.True(all.Count > 0, "the generator produced no cases");
        Assert.True(InvalidArguments.Cmdlets.Count >= 13, $"only {InvalidArguments.Cmdlets.Count} cmdlets found");
        Assert.Empty(InvalidArguments.Unmatched());
        foreach (var cmdlet in InvalidArguments.Cmdlets)
            Assert.Contains(all, a => a.Cmdlet == InvalidArguments.CmdletName(cmdlet));
    }

    [Fact]
    public async Task Every_generated_bad_argument_is_a_clear_error_with_a_stable_id_and_changes_nothing()
    {
        var cases = InvalidArguments.All();
        Assert.NotEmpty(cases); // a generator that produced nothing proves nothing
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag("bad");
        var failures = new List<string>();

        foreach (var group in cases.GroupBy(c => c.Cmdlet))
        {
            using var ps = SandboxSession.Open();
            var vars = Context(ps, tag);
            foreach (var bad in group)
            {
                var mark = await control.MarkAsync();
                var script = $"{bad.Cmdlet} {BaseArguments(bad)} -{bad.Parameter} {bad.Value}";
                var (result, elapsed) = Run(ps, script, vars);
                var changes = (await control.RequestsSinceAsync(mark)).Where(c => c.Method != "GET").ToList();
                var problem = Judge(bad, result, elapsed, changes);
                if (problem != null) failures.Add($"{script}\n    ({bad.Why}): {problem}");
                if (result.Output.Any(o => o.BaseObject is SwarmTools.SwarmSandbox)) ps.Invoke("Stop-SwarmSandbox");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} bad arguments were not refused cleanly:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_checks_catch_a_call_that_changes_something_or_gives_no_clear_error()
    {
        // Positive control: the same base call with a valid value creates a droplet, and the judge says so.
        using var control = Sandbox.Control();
        using var ps = SandboxSession.Open();
        var vars = Context(ps, Sandbox.UniqueTag("bad"));
        var valid = new InvalidArgument("New-SwarmNode", "Name", "'control1'", "valid: the control");
        var mark = await control.MarkAsync();
        var (result, elapsed) = Run(ps, $"New-SwarmNode {BaseArguments(valid)} -Name control1", vars);
        var changes = (await control.RequestsSinceAsync(mark)).Where(c => c.Method != "GET").ToList();

        Assert.Contains(changes, c => c.Method == "POST" && c.Path == "/v2/droplets");
        Assert.NotNull(Judge(valid, result, elapsed, changes));
        Assert.NotNull(Judge(valid, result, elapsed, new List<LoggedRequest>())); // and with nothing changed, "no error" is still caught
    }

    /// <summary>The session a user would have: the sandbox's token, a key, a tag, and a node that exists (API only, no host).</summary>
    private static Dictionary<string, object?> Context(PowerShellSession ps, string tag)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["id"] = Key[..^4], ["kh"] = LabSandbox.NewKnownHosts(),
            ["file"] = Path.GetTempFileName(), ["newFile"] = Path.Combine(Path.GetTempPath(), "swarmtools-bad-" + Guid.NewGuid().ToString("N")) };
        ps.Invoke("$global:PSDefaultParameterValues = @{ 'New-SwarmNode:SshKey' = $key; 'New-SwarmNode:WaitFor' = 'Active'; '*-Swarm*:SwarmTag' = $tag; " +
                  "'*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh; 'Start-SwarmSandbox:ApiOnly' = $true }", vars);
        var node = ps.Invoke("New-SwarmNode -Name base1", vars);
        Assert.Empty(node.Errors);
        vars["node"] = Assert.Single(node.Output).BaseObject;
        return vars;
    }

    /// <summary>
    /// A valid call around the bad argument: the mandatory parameters of a parameter set that holds
    /// it (one that needs no Swarm object), filled by type.
    /// </summary>
    private static string BaseArguments(InvalidArgument bad)
    {
        var cmdlet = InvalidArguments.Cmdlets.Single(t => InvalidArguments.CmdletName(t) == bad.Cmdlet);
        var parameters = InvalidArguments.Parameters(cmdlet).ToList();
        var under = parameters.Single(p => p.Name == bad.Parameter);
        var sets = parameters.SelectMany(p => p.GetCustomAttributes<ParameterAttribute>()).Select(a => a.ParameterSetName)
            .Where(s => s != ParameterAttribute.AllParameterSets).Distinct()
            .OrderBy(s => s == cmdlet.GetCustomAttribute<CmdletAttribute>()!.DefaultParameterSetName ? 0 : 1).ToList();
        var ownSets = under.GetCustomAttributes<ParameterAttribute>().Select(a => a.ParameterSetName).ToList();
        var candidates = ownSets.Contains(ParameterAttribute.AllParameterSets) ? sets : ownSets;
        string? chosen = candidates.FirstOrDefault(s => !Mandatory(parameters, s).Any(p => p.PropertyType == typeof(Swarm))) ?? candidates.FirstOrDefault();
        var arguments = Mandatory(parameters, chosen).Where(p => p != under).Select(p => p.PropertyType switch
        {
            var t when t == typeof(SwarmNode) || t == typeof(SwarmNode[]) => $"-{p.Name} $node",
            var t when t == typeof(long[]) => $"-{p.Name} $node.Id",
            var t when t == typeof(SwitchParameter) => $"-{p.Name}",
            var t when t == typeof(System.Security.SecureString) => $"-{p.Name} (ConvertTo-SecureString 'x' -AsPlainText -Force)",
            _ when p.GetCustomAttribute<ValidateFilePathAttribute>() is { MustExist: true } => $"-{p.Name} $file",
            _ when p.GetCustomAttribute<ValidateFilePathAttribute>() != null => $"-{p.Name} $newFile",
            _ => $"-{p.Name} 'true'",
        }).ToList();
        // -Force only ever skips a question (CmdletConventionTests): no prompt stands in for a refusal.
        if (parameters.Any(p => p.Name == "Force") && bad.Parameter != "Force") arguments.Add("-Force");
        return string.Join(" ", arguments);
    }

    private static IEnumerable<PropertyInfo> Mandatory(List<PropertyInfo> parameters, string? set) =>
        parameters.Where(p => p.GetCustomAttributes<ParameterAttribute>().Any(a => a.Mandatory
            && (a.ParameterSetName == ParameterAttribute.AllParameterSets || a.ParameterSetName == set)));

    /// <summary>Runs the call, stopped after <see cref="Quick"/> so one that hangs is reported, not waited for.</summary>
    private static (PowerShellSession.Result, TimeSpan) Run(PowerShellSession ps, string script, Dictionary<string, object?> vars)
    {
        ps.Invoke("$null", vars);
        using var pipeline = ps.CreatePipeline(script);
        var clock = Stopwatch.StartNew();
        var running = pipeline.BeginInvoke();
        if (!running.AsyncWaitHandle.WaitOne(Quick)) pipeline.Stop();
        var elapsed = clock.Elapsed;
        List<PSObject> output = new();
        Exception? terminating = null;
        try { output = pipeline.EndInvoke(running).ToList(); }
        catch (RuntimeException e) { terminating = e; }
        return (new PowerShellSession.Result(output, pipeline.Streams.Error.ToList(), pipeline.Streams.Verbose.Select(v => v.Message).ToList(),
            pipeline.Streams.Warning.Select(w => w.Message).ToList(), new List<string>(), terminating,
            pipeline.Streams.Information.Select(i => i.MessageData?.ToString() ?? "").ToList()), elapsed);
    }

    /// <summary>Null when the bad argument was refused cleanly; otherwise what was wrong.</summary>
    private static string? Judge(InvalidArgument bad, PowerShellSession.Result result, TimeSpan elapsed, List<LoggedRequest> changes)
    {
        if (changes.Count > 0) return "it changed something: " + string.Join(", ", changes);
        if (elapsed >= Quick) return $"still running after {Quick.TotalSeconds:0} s (stopped)";
        var ids = result.ErrorIds.ToList();
        if (ids.Count == 0) return $"no error (output: {string.Join(", ", result.Output)})";
        var unstable = ids.Select(id => id.Split(',')[0]).Where(id => !ModuleIds.Contains(id) && !BindingIds.Contains(id)).ToList();
        if (unstable.Count > 0) return $"an error id that is neither the module's nor PowerShell's binding id: {string.Join(", ", unstable)} — {result.AllText}";
        var text = result.AllText;
        var value = bad.Value.Trim('\'');
        if (text.IndexOf(bad.Parameter, StringComparison.OrdinalIgnoreCase) < 0 && (value.Length < 2 || text.IndexOf(value, StringComparison.OrdinalIgnoreCase) < 0)
            && !ids.Any(id => id.StartsWith("ApiUnauthorized,")))
            return $"the error names neither -{bad.Parameter} nor the value: {text}";
        return null;
    }
}
