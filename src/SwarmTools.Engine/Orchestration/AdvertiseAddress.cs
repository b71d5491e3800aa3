using System;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// The address a node advertises, chosen from the API's data — never left to Docker's
/// autodetection, which fails on a droplet ("could not choose an IP address to advertise":
/// eth0 carries the public and the anchor address).
/// </summary>
public static class AdvertiseAddress
{
    public static string For(SwarmNode node, string choice, bool isInitializer)
    {
        if (choice.Equals("Public", StringComparison.OrdinalIgnoreCase))
            return IpLiteral.Require(node.PublicAddress ?? throw Missing(node, "public"), node.Name);
        if (IpLiteral.IsValid(choice))
            return isInitializer ? choice : For(node, "Private", false);
        return IpLiteral.Require(node.PrivateAddress ?? throw Missing(node, "private (VPC)"), node.Name);
    }

    /// <summary>"Public" or "Private": which of its addresses <paramref name="manager"/> advertises; null when neither (an address given by hand).</summary>
    public static string? ModeOf(SwarmNode manager, string advertised) =>
        advertised == manager.PublicAddress ? "Public" : advertised == manager.PrivateAddress ? "Private" : null;

    /// <summary>
    /// Docker's default overlay pool is 10.0.0.0/8; a VPC inside it (DigitalOcean's usual
    /// 10.x ranges) would collide, so the swarm then takes another pool.
    /// </summary>
    public static string? DefaultAddressPool(SwarmNode node) =>
        node.PrivateAddress != null && node.PrivateAddress.StartsWith("10.", StringComparison.Ordinal) ? "172.24.0.0/14" : null;

    private static SwarmToolsException Missing(SwarmNode node, string kind) =>
        new SwarmToolsException(ErrorIds.NoAdvertiseAddress, FailureKind.InvalidArgument,
            $"{node.Name} has no {kind} address in the API's data. Choose another with -AdvertiseAddress Private|Public|<ip>.", node.Name);
}
