using System;
using System.Linq;

namespace SwarmTools;

/// <summary>A swarm as a manager reports it: its members, leader and fault tolerance. Join tokens are never kept here.</summary>
public sealed class Swarm
{
    public string ClusterId { get; set; } = "";
    public SwarmMember[] Members { get; set; } = Array.Empty<SwarmMember>();
    /// <summary>The droplets of the swarm, so later cmdlets can reach them (Join-SwarmNode -Swarm).</summary>
    public SwarmNode[] Nodes { get; set; } = Array.Empty<SwarmNode>();

    public string? Leader => Members.FirstOrDefault(m => m.ManagerStatus == SwarmTools.ManagerStatus.Leader)?.Hostname;
    public string[] Managers => Members.Where(m => m.IsManager).Select(m => m.Hostname).ToArray();
    public string[] Workers => Members.Where(m => !m.IsManager).Select(m => m.Hostname).ToArray();
    /// <summary>hostname=address for each member.</summary>
    public string[] AdvertiseAddresses => Members.Select(m => $"{m.Hostname}={m.Address}").ToArray();
    /// <summary>How many managers may fail with the swarm still able to change: ⌊(managers − 1) / 2⌋.</summary>
    public int FaultTolerance => Quorum.FaultTolerance(Managers.Length);

    public override string ToString() => $"{ClusterId} ({Managers.Length} managers, {Workers.Length} workers)";
}

/// <summary>Raft arithmetic for manager counts.</summary>
public static class Quorum
{
    public const int RecommendedMaximum = 7;

    /// <summary>N managers tolerate ⌊(N−1)/2⌋ failures: 1→0, 2→0, 3→1, 4→1, 5→2, 6→2, 7→3.</summary>
    public static int FaultTolerance(int managers) => managers <= 0 ? 0 : (managers - 1) / 2;

    /// <summary>Odd counts up to 7 are the ones Docker recommends.</summary>
    public static bool IsRecommended(int managers) => managers % 2 == 1 && managers <= RecommendedMaximum;
}
