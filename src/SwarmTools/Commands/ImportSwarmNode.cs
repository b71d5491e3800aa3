using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Commands;

/// <summary>Adopts droplets SwarmTools did not make (docker-machine, doctl, Terraform, the control panel) into a swarm, without rebuilding them.</summary>
/// <remarks>
/// <para>-DockerMachine reads docker-machine's own store ($MACHINE_STORAGE_PATH, else ~/.docker/machine):
/// machines/NAME/config.json gives the droplet id, the SSH user and the private key (id_rsa beside it).
/// -Name (wildcards), -Id and -Tag adopt droplets made any other way; they are reached with -IdentityFile,
/// else the key they were made with, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa.</para>
/// <para>Adoption tags each droplet with the swarm tag and with the tag of the key that reaches it (as
/// New-SwarmNode records it, so later sessions find the key), and pins its host key in known_hosts.
/// Every input is checked before anything changes: a machine that does not exist, another driver than
/// digitalocean, a droplet id not on this account, a key that cannot be read, a droplet tagged for
/// another swarm. Then each node is reached over SSH; only the nodes reached are tagged.</para>
/// <para>Emits SwarmTools.SwarmNode objects, so the rest of the module works on them:
/// Import-SwarmNode -DockerMachine node1,node2,node3 -TrustOnFirstUse | Set-SwarmFirewall.</para>
/// </remarks>
/// <note>docker-machine never recorded host keys (it connected with strict checking off), so there is
/// nothing to pin from: the first connection needs -TrustOnFirstUse (each fingerprint is shown as a
/// warning, to compare with the droplet's console) or -HostKeyFingerprint. A host key already in
/// known_hosts is kept: a node that shows another one is refused (HostKeyMismatch), never replaced.</note>
/// <note>docker-machine's config.json also holds your DigitalOcean API token in plain text. It is never
/// read into output, logs or errors; the module uses this session's token (-Token or $env:DIGITALOCEAN_TOKEN).
/// Once the swarm is adopted, consider revoking that token and deleting the machines' folders from the store by hand:
/// not with docker-machine rm, which deletes the droplets too.</note>
/// <seealso cref="GetSwarmNode"/>
/// <seealso cref="SetSwarmFirewall"/>
/// <seealso cref="UseSwarmNode"/>
/// <seealso cref="JoinSwarmNode"/>
[Cmdlet(VerbsData.Import, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByMachine)]
[OutputType(typeof(SwarmNode))]
public sealed class ImportSwarmNode : DigitalOceanCmdlet
{
    private const string ByMachine = "DockerMachine";
    private const string ByName = "ByName";
    private const string ById = "ById";
    private const string ByTag = "ByTag";

    /// <summary>Names of docker-machine machines (as docker-machine ls lists them) whose droplets to adopt.</summary>
    [Parameter(ParameterSetName = ByMachine, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] DockerMachine { get; set; } = Array.Empty<string>();

    /// <summary>docker-machine's store folder (the one holding machines/).</summary>
    /// <value>$env:MACHINE_STORAGE_PATH, else ~/.docker/machine</value>
    [Parameter(ParameterSetName = ByMachine)]
    [ValidateNotNullOrEmpty]
    public string? MachineStoragePath { get; set; }

    /// <summary>Names of droplets on the account to adopt; wildcards are allowed (web*). A plain name that matches nothing is a NodeNotFound error.</summary>
    [Parameter(ParameterSetName = ByName, Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Ids of droplets on the account to adopt; an id not on the account is a NodeNotFound error.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[] Id { get; set; } = Array.Empty<long>();

    /// <summary>Adopts the droplets that carry this tag (e.g. one given with doctl or Terraform).</summary>
    [Parameter(ParameterSetName = ByTag, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string Tag { get; set; } = "";

    /// <summary>The swarm tag to put on the adopted droplets: the tag the other cmdlets find the swarm by.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    /// <summary>
    /// The host key each node must show, by node name: @{ node1 = 'SHA256:…' }. A value is a SHA256
    /// fingerprint (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the droplet's console) or a key
    /// line as ssh-keyscan localhost prints it there. The alternative to -TrustOnFirstUse.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? HostKeyFingerprint { get; set; }

    private sealed class Target
    {
        public Target(Droplet droplet, string keyPath, string keyMd5)
        {
            Droplet = droplet;
            KeyPath = keyPath;
            KeyMd5 = keyMd5;
        }

        public Droplet Droplet { get; }
        public string KeyPath { get; }
        public string KeyMd5 { get; }
        public string? ExpectedHostKey { get; set; }
        public string? PresentedHostKey { get; set; }
    }

    protected override void ProcessRecord()
    {
        var access = Access;
        var expected = ExpectedHostKeys();
        var store = MachineStoragePath is null ? DockerMachineStore.DefaultPath : GetUnresolvedProviderPathFromPSPath(MachineStoragePath);
        var targets = RunApiOffPipeline((api, q, ct) => ResolveAsync(api, access, store, ct));
        var unknown = expected.Keys.Where(k => targets.All(t => !string.Equals(t.Droplet.Name, k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            ThrowTerminatingError(ToErrorRecord(new SwarmToolsException(ErrorIds.InvalidArgument, FailureKind.InvalidArgument,
                $"-HostKeyFingerprint names {string.Join(", ", unknown)}, which is not among the droplets to import ({string.Join(", ", targets.Select(t => t.Droplet.Name))}). Nothing was changed.", unknown[0])));
        foreach (var t in targets)
            t.ExpectedHostKey = expected.TryGetValue(t.Droplet.Name, out var fp) ? fp : null;

        var confirmed = targets.Where(t => ShouldProcess($"{t.Droplet.Name} (id {t.Droplet.Id}, {t.Droplet.PublicIPv4})",
            $"Tag with {string.Join(", ", NodeAdoption.TagsFor(SwarmTag, t.KeyMd5))}; reach with {t.KeyPath}; pin its host key " +
            (t.ExpectedHostKey != null ? t.ExpectedHostKey : TrustOnFirstUse ? "as first seen (-TrustOnFirstUse)" : "as known_hosts has it"))).ToList();
        if (confirmed.Count == 0) return;

        var reached = RunOffPipeline((queue, ct) => ReachAllAsync(confirmed, access, queue, ct));
        foreach (var (target, error) in reached.Where(r => r.Error != null))
            WriteError(ToErrorRecord(error!, target.Droplet.Name));
        var adopt = reached.Where(r => r.Error is null).Select(r => r.Target).ToList();
        if (adopt.Count == 0) return;
        foreach (var node in RunApiOffPipeline((api, q, ct) => TagAsync(api, adopt, ct))) WriteObject(node);
    }

    /// <summary>-HostKeyFingerprint as node name → SHA256 fingerprint; a value that is neither is refused now.</summary>
    private Dictionary<string, string> ExpectedHostKeys()
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry e in HostKeyFingerprint ?? new Hashtable())
        {
            var name = e.Key?.ToString() ?? "";
            try { result[name] = NodeAdoption.ExpectedFingerprint(name, e.Value?.ToString() ?? ""); }
            catch (SwarmToolsException x) { ThrowTerminatingError(ToErrorRecord(x, name)); }
        }
        return result;
    }

    /// <summary>The droplets to adopt, each with the key that reaches it; any bad input ends the cmdlet before a change.</summary>
    private async Task<List<Target>> ResolveAsync(DigitalOceanClient api, SshAccess access, string store, CancellationToken ct)
    {
        var found = new List<(Droplet Droplet, string? KeyPath)>();
        switch (ParameterSetName)
        {
            case ByMachine:
                foreach (var name in DockerMachine)
                {
                    var machine = DockerMachineStore.Read(store, name);
                    if (machine.SshUser != "root" || machine.SshPort != 22)
                        throw new SwarmToolsException(ErrorIds.InvalidArgument, FailureKind.InvalidArgument,
                            $"docker-machine reaches '{name}' as {machine.SshUser} on port {machine.SshPort}; SwarmTools connects as root on port 22. Nothing was changed.", name);
                    found.Add((await FindAsync(api, machine.DropletId, $"docker-machine's '{name}'", ct).ConfigureAwait(false), machine.SshKeyPath));
                }
                break;
            case ById:
                foreach (var id in Id) found.Add((await FindAsync(api, id, "it", ct).ConfigureAwait(false), null));
                break;
            case ByTag:
                NodeNames.CheckTag(Tag);
                found.AddRange((await api.Droplets.ListByTagAsync(Tag, ct).ConfigureAwait(false)).Select(d => (d, (string?)null)));
                break;
            default:
                var all = await api.Droplets.ListAsync(ct).ConfigureAwait(false);
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = all.Where(d => pattern.IsMatch(d.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                        throw new SwarmToolsException(ErrorIds.NodeNotFound, FailureKind.NotFound, $"There is no droplet named '{name}' on this account. Nothing was changed.", name);
                    found.AddRange(matches.Select(d => (d, (string?)null)));
                }
                break;
        }

        NodeNames.CheckTag(SwarmTag);
        var targets = new List<Target>();
        foreach (var (droplet, machineKey) in found.GroupBy(f => f.Droplet.Id).Select(g => g.First()).OrderBy(f => f.Droplet.Name, StringComparer.OrdinalIgnoreCase))
        {
            NodeAdoption.CheckNotInAnotherSwarm(droplet, SwarmTag);
            if (!droplet.IsActive || droplet.PublicIPv4 is null)
                throw new SwarmToolsException(ErrorIds.NoPublicAddress, FailureKind.InvalidOperation,
                    $"Droplet {droplet.Name} (id {droplet.Id}) is '{droplet.Status}' with no public address: only an active droplet can be reached and adopted. Nothing was changed.", droplet.Name);
            var keyPath = access.IdentityFile ?? machineKey ?? NodeConnections.IdentityFor(droplet.ToSwarmNode(), access);
            targets.Add(new Target(droplet, keyPath, SshCredentials.FromFile(keyPath).PublicKeyMd5Fingerprint));
        }
        return targets;
    }

    private static async Task<Droplet> FindAsync(DigitalOceanClient api, long id, string whose, CancellationToken ct) =>
        await api.Droplets.FindAsync(id, ct).ConfigureAwait(false)
        ?? throw new SwarmToolsException(ErrorIds.NodeNotFound, FailureKind.NotFound,
            $"There is no droplet with id {id} on this account ({whose} droplet): it was deleted, or the token is of another account or team. Nothing was changed.", id);

    /// <summary>Reaches every node over SSH with its key, checking its host key; each failure is that node's own.</summary>
    private async Task<List<(Target Target, Exception? Error)>> ReachAllAsync(List<Target> targets, SshAccess access, OutputQueue queue, CancellationToken ct)
    {
        var knownHosts = NodeConnections.KnownHostsFor(access);
        var results = await Task.WhenAll(targets.Select(async t =>
        {
            var node = t.Droplet.ToSwarmNode();
            node.IdentityFile = t.KeyPath;
            node.HostKeyFingerprint = t.ExpectedHostKey;
            var host = SwarmTools.Engine.Ssh.KnownHostsFile.HostName(node.PublicAddress!, 22);
            var firstUse = new SwarmTools.Engine.Ssh.KnownHostsFile(knownHosts).GetKeys(host).Count == 0 && t.ExpectedHostKey is null;
            try
            {
                var session = await NodeReach.WithinAsync(node, NodeReach.Adopted,
                    c => NodeConnections.ConnectAsync(node, new SshAccess(t.KeyPath, access.KnownHostsFile, access.TrustOnFirstUse, access.Connector), c),
                    _ => false, // a refusal says more than "not reached": it stays what it is
                    _ => $"{node.Name} ({node.PublicAddress}) could not be reached over SSH within {NodeReach.Adopted.TotalSeconds:0} s with {t.KeyPath}; it was not adopted.", ct).ConfigureAwait(false);
                t.PresentedHostKey = session.HostKeyFingerprint;
                if (firstUse)
                    queue.Warning($"{node.Name} ({node.PublicAddress}) shows the host key {t.PresentedHostKey}, trusted on first use and recorded in {knownHosts}. " +
                                  "Compare it with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the droplet's console.");
                else queue.Verbose($"{node.Name} ({node.PublicAddress}) shows the host key {t.PresentedHostKey}.");
                return (t, (Exception?)null);
            }
            catch (SwarmToolsException e)
            {
                return (t, (Exception?)e);
            }
        })).ConfigureAwait(false);
        return results.ToList();
    }

    /// <summary>Tags the reached droplets (swarm tag, key tag) and reads them back as swarm nodes.</summary>
    private async Task<List<SwarmNode>> TagAsync(DigitalOceanClient api, List<Target> targets, CancellationToken ct)
    {
        var byTag = targets.SelectMany(t => NodeAdoption.TagsFor(SwarmTag, t.KeyMd5).Select(tag => (Tag: tag, t.Droplet)))
            .Where(x => !x.Droplet.Tags.Contains(x.Tag, StringComparer.OrdinalIgnoreCase))
            .GroupBy(x => x.Tag, StringComparer.OrdinalIgnoreCase);
        foreach (var group in byTag)
        {
            var canonical = (await api.Tags.CreateAsync(group.Key, ct).ConfigureAwait(false)).Name; // the tag may not exist yet
            await api.Tags.TagDropletsAsync(canonical, group.Select(x => x.Droplet.Id), ct).ConfigureAwait(false);
        }
        var nodes = new List<SwarmNode>();
        foreach (var t in targets)
        {
            PrivateKeyLookup.Remember(t.KeyMd5, t.KeyPath);
            var node = ((await api.Droplets.FindAsync(t.Droplet.Id, ct).ConfigureAwait(false)) ?? t.Droplet).ToSwarmNode();
            node.IdentityFile = t.KeyPath;
            node.HostKeyFingerprint = t.PresentedHostKey;
            nodes.Add(node);
        }
        return nodes;
    }
}
