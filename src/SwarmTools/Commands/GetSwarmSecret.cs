using System;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Secrets;

namespace SwarmTools.Commands;

/// <summary>Lists the swarm's Docker secrets: names, ids, dates and labels, never a value.</summary>
/// <remarks>
/// <para>Returns one SwarmTools.SwarmSecret per secret, by name, read from a manager with
/// `docker secret inspect` (Docker never returns a secret's value, so none can be shown).</para>
/// <para>It only reads: nothing changes.</para>
/// </remarks>
/// <note>To see what a service gets, look inside its container (/run/secrets/NAME): the module never reads a value back.</note>
/// <seealso cref="NewSwarmSecret"/>
/// <seealso cref="RemoveSwarmSecret"/>
[Cmdlet(VerbsCommon.Get, "SwarmSecret")]
[OutputType(typeof(SwarmSecret))]
public sealed class GetSwarmSecret : SwarmMemberCmdlet
{
    /// <summary>Names of the secrets to return; wildcards allowed.</summary>
    /// <value>every secret</value>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Name { get; set; } = Array.Empty<string>();

    protected override void EndProcessing()
    {
        foreach (var name in Name)
        {
            try { SwarmSecrets.CheckNamePattern(name); }
            catch (SwarmToolsException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
        }
        var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        try
        {
            var secrets = RunOnManager("Reading secrets", null, (at, ct) => SwarmSecrets.ListAsync(at.Manager, ct));
            foreach (var secret in secrets.Where(s => patterns.Count == 0 || patterns.Any(p => p.IsMatch(s.Name))))
                WriteObject(secret);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
