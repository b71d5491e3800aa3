using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// -FromLoadBalancer: a DigitalOcean load balancer reaches its droplets from an address in its VPC that the API
/// does not publish (a load balancer lists only ip, ipv6 and vpc_uuid). The cloud firewall names the load balancer
/// itself (load_balancer_uids); the hosts can only admit its VPC's range (GET /v2/vpcs/{id} → ip_range): narrower
/// than anywhere, wider than the load balancer, since every droplet in that VPC is inside it too.
/// </summary>
public static class LoadBalancerSources
{
    /// <summary>The id as DigitalOcean spells it (a UUID, lower case), or LoadBalancerNotFound before anything is read.</summary>
    public static string NormalizeId(string id)
    {
        if (Guid.TryParse(id.Trim(), out var uuid)) return uuid.ToString("D");
        throw new SwarmToolsException(ErrorIds.LoadBalancerNotFound, FailureKind.InvalidArgument,
            $"'{id}' is not a load balancer id: give its UUID (e.g. 4de7ac8b-495b-4884-9a69-1050c6793cd6, from `doctl compute load-balancer list` or the control panel). Nothing was changed.", id);
    }

    /// <summary>
    /// The VPC ranges the hosts admit for <paramref name="ids"/>. Each load balancer must exist and sit in the VPC
    /// of every swarm droplet (<paramref name="droplets"/>): it forwards only to droplets in its own VPC.
    /// Throws before anything is changed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RangesAsync(DigitalOceanClient api, IReadOnlyList<string> ids, IReadOnlyList<SwarmNode> droplets,
        Action<string> verbose, CancellationToken ct)
    {
        var ranges = new List<string>();
        foreach (var id in ids)
        {
            var lb = await api.LoadBalancers.FindAsync(id, ct).ConfigureAwait(false)
                     ?? throw new SwarmToolsException(ErrorIds.LoadBalancerNotFound, FailureKind.NotFound,
                         $"Load balancer {id} does not exist in this account (DigitalOcean answered 404): check the id with `doctl compute load-balancer list` or the control panel. Nothing was changed.", id);
            var outside = droplets.Where(d => d.VpcUuid != null && !string.Equals(d.VpcUuid, lb.VpcUuid, StringComparison.OrdinalIgnoreCase)).ToList();
            if (lb.VpcUuid is null || outside.Count > 0)
                throw new SwarmToolsException(ErrorIds.LoadBalancerOutsideSwarmVpc, FailureKind.InvalidArgument,
                    $"Load balancer {lb.Name} ({lb.Id}) is in VPC {lb.VpcUuid ?? "(none)"}, and {string.Join(", ", outside.Select(d => $"{d.Name} (VPC {d.VpcUuid})"))} " +
                    "are not: a DigitalOcean load balancer forwards only to droplets in its own VPC, and its VPC range is what their hosts would admit. " +
                    "Use a load balancer in the swarm's VPC, or -From with its address ranges. Nothing was changed.", lb.Id);
            var vpc = await api.Vpcs.FindAsync(lb.VpcUuid, ct).ConfigureAwait(false)
                      ?? throw new SwarmToolsException(ErrorIds.LoadBalancerOutsideSwarmVpc, FailureKind.NotFound,
                          $"VPC {lb.VpcUuid} of load balancer {lb.Name} ({lb.Id}) could not be read (404), so its range is unknown. Nothing was changed.", lb.Id);
            var range = FirewallSource.Normalize(vpc.IpRange);
            if (droplets.All(d => d.VpcUuid is null))
                verbose($"The swarm's droplets do not say which VPC they are in: load balancer {lb.Name} is taken to be in theirs.");
            verbose($"Load balancer {lb.Name} ({lb.Id}) reaches the droplets from an address in VPC {vpc.Name} that DigitalOcean does not publish: " +
                    $"the hosts admit the VPC's range {range} on the -AllowPort ports (narrower than anywhere, wider than the load balancer: every droplet in that VPC), " +
                    "and the cloud firewall names the load balancer itself.");
            ranges.Add(range);
        }
        return ranges.Distinct().ToList();
    }
}
