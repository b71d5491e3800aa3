using System;
using System.IO;
using System.Management.Automation;
using SwarmTools.Engine.DockerCli;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Points the local docker CLI at a node's Docker daemon over SSH: the module's docker-machine env.</summary>
/// <remarks>
/// <para>Like eval $(docker-machine env node1): after Get-SwarmNode -Name node1 | Use-SwarmNode, the
/// docker CLI of this session (docker node ls, docker service create, docker stack deploy) talks to
/// node1's daemon. $env:DOCKER_HOST is set to ssh://root@address; Use-SwarmNode -Unset puts back
/// what was there before. With -ContextName, a named docker context is created (or updated)
/// instead, for docker --context NAME and docker context use NAME.</para>
/// <para>The CLI's own ssh uses what the module manages: the node's identity (the key it was made
/// with, or -IdentityFile) and the module's known_hosts with strict checking, so it accepts the
/// pinned host key and nothing else. Those settings are written beside the known_hosts file
/// (swarmtools_hosts.conf, one Host block per node), and an ssh wrapper that reads them is put
/// first on PATH for this session. Connections are shared, so a series of docker commands does not
/// trip the 1-Click image's SSH rate limit.</para>
/// <para>The node is reached over SSH first: its host key is verified (and recorded in
/// known_hosts) before the CLI is pointed at it.</para>
/// </remarks>
/// <note>Only this session's environment changes (DOCKER_HOST, DOCKER_CONTEXT, PATH). A docker
/// context lasts beyond it; for other shells, add the line Include followed by the path in
/// SshHostsFile to ~/.ssh/config, unless the node uses your default key and ~/.ssh/known_hosts.</note>
/// <note>The docker CLI must be installed for -ContextName (Debian: docker.io or docker-ce-cli); the
/// node needs Docker 18.09 or later (docker system dial-stdio).</note>
/// <seealso cref="GetSwarmNode"/>
/// <seealso cref="InvokeSwarmCommand"/>
[Cmdlet(VerbsOther.Use, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByNode)]
[OutputType(typeof(DockerEndpoint))]
public sealed class UseSwarmNode : SshCmdlet
{
    private const string ByNode = "ByNode";
    private const string Reset = "Unset";
    private SwarmNode? _node;

    /// <summary>The node whose Docker daemon the CLI should use, e.g. from Get-SwarmNode -Name node1 (a manager, to run swarm commands).</summary>
    [Parameter(ParameterSetName = ByNode, Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public SwarmNode? InputObject { get; set; }

    /// <summary>Creates (or updates) a docker context of this name for the node instead of setting DOCKER_HOST.</summary>
    [Parameter(ParameterSetName = ByNode)]
    [ValidatePattern(@"^[a-zA-Z0-9][a-zA-Z0-9_.+-]*$")]
    public string? ContextName { get; set; }

    /// <summary>Undoes what Use-SwarmNode did in this session: DOCKER_HOST, DOCKER_CONTEXT and PATH get back their earlier values.</summary>
    [Parameter(ParameterSetName = Reset, Mandatory = true)]
    public SwitchParameter Unset { get; set; }

    protected override void ProcessRecord()
    {
        if (Unset) return;
        if (_node != null)
            ThrowTerminatingError(ToErrorRecord(new SwarmToolsException(ErrorIds.OneNodeOnly, FailureKind.InvalidArgument,
                $"The docker CLI talks to one daemon at a time, but {_node.Name} and {InputObject!.Name} were given. Pick one manager, e.g. Get-SwarmNode -Name {_node.Name} | Use-SwarmNode.", InputObject)));
        _node = InputObject;
    }

    protected override void EndProcessing()
    {
        if (Unset) { Restore(); return; }
        var node = _node!;
        var dockerHost = $"ssh://root@{node.PublicAddress}";
        var what = ContextName is null ? $"Point this session's docker CLI at {dockerHost}" : $"Create docker context '{ContextName}' for {dockerHost}";
        if (!ShouldProcess(node.Name, what)) return;

        var access = Access;
        var path = Environment.GetEnvironmentVariable("PATH");
        try
        {
            var endpoint = RunOffPipeline(async (queue, ct) =>
            {
                // Reached first: the host key is verified and recorded where the CLI's ssh will look.
                await NodeConnections.ConnectAsync(node, access, ct).ConfigureAwait(false);
                var ssh = new DockerCliSsh(NodeConnections.KnownHostsFor(access));
                var realSsh = DockerCliSsh.FindRealSsh(path) ?? throw new SwarmToolsException(ErrorIds.SshClientNotFound, FailureKind.NotFound,
                    "No ssh client was found on PATH; the docker CLI needs one to reach a node over SSH. Install OpenSSH's client (on Debian: apt-get install openssh-client).", "ssh");
                ssh.Add(node.PublicAddress!, "root", NodeConnections.IdentityFor(node, access), realSsh);
                queue.Verbose($"ssh settings for {node.Name} written to {ssh.HostsFile}.");
                if (ContextName != null && await DockerContexts.SetAsync(ContextName, dockerHost, $"SwarmTools: {node.Name}", ct).ConfigureAwait(false))
                    queue.Verbose($"Created docker context '{ContextName}'.");
                return (Ssh: ssh, Endpoint: new DockerEndpoint { Node = node.Name, DockerHost = dockerHost, Context = ContextName, SshHostsFile = ssh.HostsFile });
            });
            DockerEnvironment.Apply(endpoint.Ssh.WrapperDirectory, ContextName is null ? dockerHost : null);
            WriteVerbose(ContextName is null
                ? $"$env:DOCKER_HOST = {dockerHost}; the docker CLI's ssh uses {endpoint.Ssh.WrapperDirectory}. Undo with Use-SwarmNode -Unset."
                : $"docker --context {ContextName} … now reaches {node.Name}.");
            WriteObject(endpoint.Endpoint);
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ToErrorRecord(e, node));
        }
    }

    private void Restore()
    {
        if (!DockerEnvironment.IsApplied)
        {
            WriteVerbose("Use-SwarmNode has not changed this session's docker environment: nothing to undo.");
            return;
        }
        if (ShouldProcess("this session's DOCKER_HOST, DOCKER_CONTEXT and PATH", "Restore")) DockerEnvironment.Restore();
    }
}

/// <summary>This session's docker CLI environment as Use-SwarmNode found it, to put it back with -Unset.</summary>
internal static class DockerEnvironment
{
    private static readonly string[] Names = { "DOCKER_HOST", "DOCKER_CONTEXT", "PATH" };
    private static string?[]? _saved;

    public static bool IsApplied => _saved != null;

    /// <summary>The wrapper first on PATH; DOCKER_HOST set (or, for a context, left as it was).</summary>
    public static void Apply(string wrapperDirectory, string? dockerHost)
    {
        _saved ??= Array.ConvertAll(Names, Environment.GetEnvironmentVariable);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.StartsWith(wrapperDirectory + Path.PathSeparator, StringComparison.Ordinal))
            Environment.SetEnvironmentVariable("PATH", wrapperDirectory + Path.PathSeparator + path);
        if (dockerHost is null) return;
        Environment.SetEnvironmentVariable("DOCKER_HOST", dockerHost);
        // DOCKER_CONTEXT would compete with DOCKER_HOST.
        Environment.SetEnvironmentVariable("DOCKER_CONTEXT", null);
    }

    public static void Restore()
    {
        if (_saved is null) return;
        for (var i = 0; i < Names.Length; i++) Environment.SetEnvironmentVariable(Names[i], _saved[i]);
        _saved = null;
    }
}
