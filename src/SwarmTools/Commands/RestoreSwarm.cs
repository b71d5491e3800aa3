using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Backup;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Restores a Backup-Swarm archive onto a fresh node, which becomes the one manager of a swarm with the backed-up state.</summary>
/// <remarks>
/// <para>Docker's documented restore: on the node (which must be in no swarm), stops Docker, puts
/// the archive's swarm/ folder in /var/lib/docker, starts Docker, unlocks it with -UnlockKey when
/// the backup was autolocked, and runs `docker swarm init --force-new-cluster --advertise-addr`
/// with the node's own VPC address (the backed-up manager's address is gone with it). The services,
/// secrets, configs and networks of the backup are there; the old members show as Down.</para>
/// <para>Returns the node as the new swarm's manager (and leader): join workers to it with
/// Join-SwarmNode -Manager, and remove the old members with docker node rm.</para>
/// <para>Docker keeps the backed-up manager's Raft address through --force-new-cluster
/// (docker/for-linux#523). When it is not the node's own, a warning says so: workers join, but a
/// manager joining would dial the old address and the swarm would lose its quorum. Restore onto a
/// node with the backed-up manager's address to add managers.</para>
/// <para>The archive travels on the SSH session's stdin; it is never left in a file on the node.</para>
/// </remarks>
/// <note>Restore onto a node whose Docker version is the backed-up one's or newer.</note>
/// <seealso cref="BackupSwarm"/>
/// <seealso cref="JoinSwarmNode"/>
[Cmdlet(VerbsData.Restore, "Swarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SwarmNode))]
public sealed class RestoreSwarm : SshCmdlet
{
    /// <summary>The archive Backup-Swarm wrote (a SwarmBackup on the pipeline gives its Path).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath(MustExist = true)]
    public string Path { get; set; } = "";

    /// <summary>The fresh node to restore onto (in no swarm), e.g. from New-SwarmNode.</summary>
    [Parameter(Mandatory = true)]
    [Alias("Node")]
    public SwarmNode? InputObject { get; set; }

    /// <summary>The autolock unlock key of the backup (its UnlockKey; from the pipeline with the backup object). Needed only when the backed-up swarm was autolocked.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public SecureString? UnlockKey { get; set; }

    protected override void ProcessRecord()
    {
        var node = InputObject!;
        var archive = File.ReadAllBytes(GetUnresolvedProviderPathFromPSPath(Path));
        var address = node.PrivateAddress ?? node.PublicAddress ?? "";
        var access = Access;
        try
        {
            SwarmRestore.CheckArchive(archive);
            var restored = RunOffPipeline(async (queue, ct) =>
            {
                var observer = new SwarmObserver(queue, "Restoring the swarm", ct);
                var host = await NodeHosts.Via(access, queue)(node, ct).ConfigureAwait(false);
                var result = await SwarmRestore.RunAsync(host, archive, UnlockKey, address, observer, ct).ConfigureAwait(false);
                observer.Completed();
                return result;
            });
            if (restored != null) WriteObject(restored);
        }
        catch (Exception e) when (e is SwarmToolsException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, node));
        }
        finally
        {
            Array.Clear(archive, 0, archive.Length);
        }
    }
}
