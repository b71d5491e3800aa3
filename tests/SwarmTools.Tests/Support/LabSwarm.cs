namespace SwarmTools.Tests.Support;

/// <summary>What the lab's swarm and firewall tests share: a session set up for one swarm, and commands run on its nodes.</summary>
public static class LabSwarm
{
    /// <summary>Points the session's swarm cmdlets at the test's key, known_hosts and tag; returns the variables its scripts use.</summary>
    public static Dictionary<string, object?> Vars(PowerShellSession ps, string tag, string key)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = key[..^4] };
        ps.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh; '*-Swarm*:SwarmTag' = $tag; 'New-SwarmNode:SshKey' = $key }", vars);
        return vars;
    }

    /// <summary>Runs a command on the node of that name (Invoke-SwarmCommand): its exit code and output.</summary>
    public static (int ExitCode, string Output) On(PowerShellSession ps, string node, string command, Dictionary<string, object?> vars)
    {
        vars["cmd"] = command;
        vars["node"] = node;
        var r = ps.Invoke("Get-SwarmNode -Tag $tag -Name $node | Invoke-SwarmCommand -Command $cmd", vars);
        Assert.Empty(r.Errors);
        var result = (SwarmCommandResult)r.Output.Single().BaseObject;
        return (result.ExitCode, result.StandardOutput);
    }

    /// <summary>Whether a TCP connection from the node <paramref name="from"/> to address:port is answered within 3 s.</summary>
    public static bool Reaches(PowerShellSession ps, string from, string address, int port, Dictionary<string, object?> vars) =>
        On(ps, from, $"timeout 3 bash -c '</dev/tcp/{address}/{port}' 2>/dev/null", vars).ExitCode == 0;

    /// <summary>Whether <paramref name="check"/> holds within that many seconds (asked once a second).</summary>
    public static bool Eventually(Func<bool> check, int seconds)
    {
        for (var i = 0; i < seconds; i++, Thread.Sleep(1000))
            if (check()) return true;
        return check();
    }
}
