using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Secrets;

namespace SwarmTools.Commands;

/// <summary>Removes Docker secrets from the swarm, asking first.</summary>
/// <remarks>
/// <para>Takes secrets from Get-SwarmSecret on the pipeline, or by -Name. Each is removed with
/// `docker secret rm` on a manager; one that services still use is refused by Docker and reported
/// (SecretInUse), and the others go on.</para>
/// </remarks>
/// <note>Docker secrets cannot change: to rotate one, create a new secret, point the services at it, then remove the old one.</note>
/// <seealso cref="GetSwarmSecret"/>
/// <seealso cref="NewSwarmSecret"/>
[Cmdlet(VerbsCommon.Remove, "SwarmSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
[OutputType(typeof(void))]
public sealed class RemoveSwarmSecret : SwarmMemberCmdlet
{
    private readonly List<SwarmSecret> _given = new List<SwarmSecret>();
    private readonly List<string> _names = new List<string>();

    /// <summary>The secrets to remove, e.g. from Get-SwarmSecret.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    public SwarmSecret[] InputObject { get; set; } = Array.Empty<SwarmSecret>();

    /// <summary>Names of the secrets to remove (exact names).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        foreach (var name in Name)
        {
            try { SwarmSecrets.CheckName(name); }
            catch (SwarmToolsException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
        }
        _given.AddRange(InputObject);
        _names.AddRange(Name);
    }

    protected override void EndProcessing()
    {
        if (_given.Count == 0 && _names.Count == 0) return;
        try
        {
            RunOnManager("Removing secrets", null, async (at, ct) =>
            {
                var (manager, queue, observer) = (at.Manager, at.Queue, at.Observer);
                var existing = await SwarmSecrets.ListAsync(manager, ct).ConfigureAwait(false);
                var targets = _given.Select(g => existing.FirstOrDefault(s => s.Id == g.Id) ?? g).ToList();
                foreach (var name in _names)
                {
                    var found = existing.FirstOrDefault(s => s.Name == name);
                    if (found is null)
                        queue.Error(ErrorRecords.From(new SwarmToolsException(ErrorIds.SecretNotFound, FailureKind.NotFound, $"The swarm has no secret named '{name}'.", name)));
                    else targets.Add(found);
                }
                foreach (var secret in targets.GroupBy(s => s.Id).Select(g => g.First()))
                {
                    if (!await observer.ShouldProcessAsync(secret.Name, "Remove the swarm secret").ConfigureAwait(false)) continue;
                    try { await SwarmSecrets.RemoveAsync(manager, secret, ct).ConfigureAwait(false); }
                    catch (SwarmToolsException e) { queue.Error(ErrorRecords.From(e, secret)); }
                }
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
