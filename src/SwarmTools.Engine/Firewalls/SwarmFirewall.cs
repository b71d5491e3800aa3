using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Orchestration;

namespace SwarmTools.Firewalls
{
    /// <summary>
    /// The swarm's host firewalls during one run: one <see cref="HostFirewall"/> per node, all
    /// converging on the same membership. Set-SwarmFirewall, the joins of Initialize-Swarm and
    /// Join-SwarmNode, Set-SwarmNode's role changes and Remove-SwarmNode all go through here.
    /// </summary>
    public sealed class SwarmFirewall
    {
        private readonly ConcurrentDictionary<long, HostFirewall> _hosts = new ConcurrentDictionary<long, HostFirewall>();
        private readonly Func<IReadOnlyCollection<string>> _members;

        /// <param name="members">The addresses the members advertise, asked each time a host's turn comes.</param>
        public SwarmFirewall(Func<IReadOnlyCollection<string>> members) => _members = members;

        public HostFirewall For(DockerHost host) => _hosts.GetOrAdd(host.Node.Id, _ => new HostFirewall(host));

        /// <summary>The policy Set-SwarmFirewall kept on <paramref name="member"/>; members-only when it never ran.</summary>
        public async Task<FirewallPolicy> KeptPolicyAsync(DockerHost member, CancellationToken ct) =>
            (await For(member).ReadAsync(ct).ConfigureAwait(false)).Policy ?? FirewallPolicy.MembersOnly();

        /// <summary>Brings <paramref name="host"/> in line; the change is applied unless <paramref name="confirm"/> declines it.</summary>
        public Task<FirewallChange> ConvergeAsync(DockerHost host, bool isManager, FirewallPolicy policy, CancellationToken ct,
            Func<FirewallChange, HostFirewallState, Task<bool>>? confirm = null) =>
            For(host).ConvergeAsync(policy, isManager, _members, confirm ?? ((_, _) => Task.FromResult(true)), ct);

        /// <summary>The member addresses of a swarm as its manager lists them (the address each advertises).</summary>
        public static IReadOnlyCollection<string> AddressesOf(IEnumerable<SwarmMember> members) =>
            members.Select(m => m.Address).Where(a => a.Length > 0).Select(FirewallSource.Normalize).Distinct().ToList();
    }
}
