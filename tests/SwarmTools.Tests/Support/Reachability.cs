using System.Net.Sockets;

namespace SwarmTools.Tests.Support;

/// <summary>TCP probes from the test runner, which is not a swarm member: what the internet would see.</summary>
public static class Reachability
{
    /// <summary>True when a TCP connection to address:port completes within the timeout (a firewall's DROP times out).</summary>
    public static bool Tcp(string address, int port, TimeSpan? timeout = null)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(1));
        try
        {
            client.ConnectAsync(address, port, cts.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is SocketException || e is OperationCanceledException) { return false; }
    }

    /// <summary>One UDP datagram from the runner (UDP says nothing back: the receiving node's counters tell whether it got in).</summary>
    public static void SendUdp(string address, int port)
    {
        using var client = new UdpClient();
        client.Send(new byte[] { 0x73, 0x74 }, 2, address, port);
    }
}
