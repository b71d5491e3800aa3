namespace SwarmTools;

/// <summary>Where Use-SwarmNode pointed the local docker CLI: a node's Docker daemon over SSH.</summary>
public sealed class DockerEndpoint
{
    public string Node { get; set; } = "";
    /// <summary>The Docker host URL, ssh://root@address.</summary>
    public string DockerHost { get; set; } = "";
    /// <summary>The docker context made for it (-ContextName); null when this session's DOCKER_HOST points at it.</summary>
    public string? Context { get; set; }
    /// <summary>The ssh settings the docker CLI's ssh uses for the module's nodes; Include it in ~/.ssh/config to use them from other shells.</summary>
    public string SshHostsFile { get; set; } = "";

    public override string ToString() => DockerHost;
}
