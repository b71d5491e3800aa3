using System;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Backup;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Backs up the swarm's manager state (Docker's documented procedure) to a local archive.</summary>
/// <remarks>
/// <para>On a manager that is not the leader, and only while the other managers keep a quorum:
/// stops Docker, archives /var/lib/docker/swarm (the Raft log: services, secrets, configs,
/// networks, nodes, and the swarm's keys), starts Docker, and waits (at most 2 min) until the swarm
/// sees the manager Ready and Reachable again. With one manager (or when the pause would lose
/// quorum) it needs -Force, and warns that the control plane pauses while Docker is stopped.</para>
/// <para>The archive comes back over the node's SSH session and is written to -Path with mode 0600
/// (it holds the swarm's keys); an existing file is refused unless -Force. Returns a
/// SwarmTools.SwarmBackup: path, manager, swarm id, time, size, and, when autolock is on, the
/// unlock key as a SecureString (never printed; Restore-Swarm needs it).</para>
/// <para>Whatever fails once Docker was stopped, Docker is started again, and the error says so.</para>
/// </remarks>
/// <note>Containers on the paused manager stop with Docker (as with any Docker restart); services
/// with replicas elsewhere go on. Keep the archive and the unlock key apart, and safe.</note>
/// <seealso cref="RestoreSwarm"/>
[Cmdlet(VerbsData.Backup, "Swarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SwarmBackup))]
public sealed class BackupSwarm : SwarmMemberCmdlet
{
    /// <summary>The local file to write the archive (.tar.gz) to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath]
    public string Path { get; set; } = "";

    /// <summary>Replace an existing file, and accept pausing the swarm's control plane when no manager can pause with quorum kept (one manager).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        var access = Access;
        var api = OptionalApi;
        try
        {
            BackupFile.CheckWritable(path, Force);
            var backup = RunOffPipeline(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Backing up the swarm", ct);
                var connect = NodeHosts.Via(access, queue);
                var locator = new ManagerLocator(Manager, api, SwarmTag, connect, observer);
                var result = await SwarmBackupRun.RunAsync(locator, connect, path, Force, observer, ct).ConfigureAwait(false);
                observer.Completed();
                return result;
            });
            if (backup != null) WriteObject(backup);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
