namespace SwarmTools.Tests.Support;

/// <summary>Faults of a lab host's network, caused from the host itself.</summary>
public static class LabNetwork
{
    /// <summary>
    /// Takes the links of the node(s) <paramref name="nodes"/> (a PowerShell expression) down
    /// <paramref name="afterSeconds"/> from now, in the background, so the command itself returns.
    /// </summary>
    public static void TakeLinksDown(PowerShellSession ps, string nodes, Dictionary<string, object?> vars, int afterSeconds = 1)
    {
        var down = ps.Invoke($"{nodes} | Invoke-SwarmCommand -Command 'nohup sh -c \"sleep {afterSeconds}; ip link set eth0 down; ip link set eth1 down\" >/dev/null 2>&1 &'", vars);
        Assert.Empty(down.Errors);
    }
}
