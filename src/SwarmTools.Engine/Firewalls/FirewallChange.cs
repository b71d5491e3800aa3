using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// The difference between what a host's firewall is and what the policy wants: rules to add and
/// to delete, ufw to enable, the default to set, the policy and published-port block to write.
/// Empty on a re-run.
/// </summary>
public sealed class FirewallChange
{
    public IReadOnlyList<UfwRule> Add { get; private set; } = Array.Empty<UfwRule>();
    public IReadOnlyList<UfwRule> Delete { get; private set; } = Array.Empty<UfwRule>();
    public bool DenyIncoming { get; private set; }
    public bool Enable { get; private set; }
    /// <summary>The policy to keep on the host (null: it has it already).</summary>
    public string? PolicyJson { get; private set; }
    /// <summary>The DOCKER-USER block to write and load (null: unchanged).</summary>
    public string? PublishedPortBlock { get; private set; }
    public bool RemovePublishedPortBlock { get; private set; }
    /// <summary>Rules an earlier version's block put straight into DOCKER-USER: deleted one by one, never by emptying the chain.</summary>
    public IReadOnlyList<string> LegacyRules { get; private set; } = Array.Empty<string>();
    /// <summary>The kept policy goes (Remove-SwarmFirewall).</summary>
    public bool RemovePolicy { get; private set; }

    public bool IsEmpty => Add.Count == 0 && Delete.Count == 0 && !DenyIncoming && !Enable && PolicyJson is null
                           && PublishedPortBlock is null && !RemovePublishedPortBlock && !RemovePolicy;

    public static FirewallChange Between(HostFirewallState state, FirewallPolicy policy, IReadOnlyList<UfwRule> wanted, string? publishedPortBlock)
    {
        // Members-only (joins before any Set-SwarmFirewall): a host without an active ufw is open already.
        if (!policy.IsComplete && !state.IsActive) return new FirewallChange();
        // Sets: a swarm of N members puts 2N rules on every host, and joins compare them often.
        var have = new HashSet<UfwRule>(state.Rules);
        var want = new HashSet<UfwRule>(wanted);
        var change = new FirewallChange
        {
            Add = wanted.Where(w => !have.Contains(w)).ToList(),
            Delete = state.Rules.Where(r => FirewallPlan.Governs(policy, r) && !want.Contains(r)).ToList(),
        };
        if (!policy.IsComplete) return change;
        change.DenyIncoming = state.DefaultIncoming != "deny";
        change.Enable = !state.IsActive;
        var json = policy.ToJson();
        change.PolicyJson = json == state.PolicyJson ? null : json;
        if (publishedPortBlock != null && (publishedPortBlock != state.PublishedPortBlock || !state.PublishedPortBlockLoaded))
            change.PublishedPortBlock = publishedPortBlock;
        change.RemovePublishedPortBlock = publishedPortBlock is null
            && (state.PublishedPortBlock != null || state.PublishedChain.Count > 0 || state.DockerUserChain.Contains(PublishedPortFilter.Jump));
        if (change.PublishedPortBlock != null || change.RemovePublishedPortBlock)
            change.LegacyRules = PublishedPortFilter.LegacyRules(state.PublishedPortBlock);
        return change;
    }

    /// <summary>
    /// Remove-SwarmFirewall on one host (and a switch to -Mode Cloud): the module's rules go, but for the
    /// members' swarm-port rules a join would add and its rules on 22 (while ufw is active: without them the
    /// swarm would stop talking, and — Set-SwarmFirewall having replaced the image's SSH rule and denied the
    /// rest — the next SSH connection would be refused), and so do the published-port block and the kept
    /// policy. ufw's state and default are left.
    /// </summary>
    public static FirewallChange Removal(HostFirewallState state, bool isManager, IReadOnlyCollection<string> members)
    {
        var keep = state.IsActive ? new HashSet<UfwRule>(FirewallPlan.Wanted(FirewallPolicy.MembersOnly(), isManager, members, state.SshLimited)) : new HashSet<UfwRule>();
        return new FirewallChange
        {
            Delete = state.Rules.Where(r => r.IsOwned && !keep.Contains(r) && !(state.IsActive && r.Ports == FirewallPlan.SshPort.ToString())).ToList(),
            RemovePublishedPortBlock = state.PublishedPortBlock != null,
            RemovePolicy = state.PolicyJson.Length > 0,
        };
    }

    /// <summary>What the change does, one line per step, for -WhatIf and the verbose stream.</summary>
    public IReadOnlyList<string> Steps()
    {
        var steps = new List<string>();
        steps.AddRange(Add.Select(r => "add " + r));
        steps.AddRange(Delete.Select(r => "delete " + r));
        if (DenyIncoming) steps.Add("default deny incoming");
        if (Enable) steps.Add("enable ufw");
        if (PublishedPortBlock != null) steps.Add("filter published container ports (DOCKER-USER)");
        if (RemovePublishedPortBlock) steps.Add("stop filtering published container ports (DOCKER-USER back to Docker's default)");
        if (PolicyJson != null) steps.Add("keep the policy in " + FirewallPolicy.PolicyFile);
        if (RemovePolicy) steps.Add("forget the policy kept in " + FirewallPolicy.PolicyFile);
        return steps;
    }

    /// <summary>
    /// One shell script, one SSH round trip: the new after.rules is made and checked by iptables-restore
    /// before anything changes (a block ufw could not load would break ufw at the next boot); then
    /// rules are added before any is deleted (SSH stays reachable throughout), and ufw is enabled last,
    /// with every rule in place. DOCKER-USER is never emptied: only the module's jump goes in or out.
    /// </summary>
    public string Script()
    {
        var s = new StringBuilder("set -e\n");
        var block = PublishedPortBlock != null || RemovePublishedPortBlock;
        if (block)
        {
            s.Append("swarmtools_after=$(mktemp)\n");
            s.Append("sed '/^").Append(PublishedPortFilter.Begin).Append("$/,/^").Append(PublishedPortFilter.End).Append("$/d' /etc/ufw/after.rules >\"$swarmtools_after\"\n");
            if (PublishedPortBlock != null)
            {
                s.Append("cat >>\"$swarmtools_after\" <<'SWARMTOOLS'\n").Append(PublishedPortBlock).Append("SWARMTOOLS\n");
                s.Append("if ! iptables-restore --test -n <\"$swarmtools_after\"; then rm -f \"$swarmtools_after\"; ")
                 .Append("echo 'iptables-restore --test refused the new /etc/ufw/after.rules: nothing was changed' >&2; exit 1; fi\n");
            }
        }
        s.Append(UfwBatch.Script(Add.Select(r => r.AddArguments).Concat(Delete.Select(r => r.DeleteArguments)).ToList()));
        if (DenyIncoming) s.Append("ufw default deny incoming >/dev/null\n");
        if (block)
        {
            // after.rules keeps its owner and mode (written through, not replaced); ufw loads it at boot.
            s.Append("cat \"$swarmtools_after\" >/etc/ufw/after.rules; rm -f \"$swarmtools_after\"\n");
            foreach (var rule in LegacyRules)
                s.Append("iptables -D ").Append(rule.Substring(3)).Append(" 2>/dev/null || true\n");
            s.Append("sed -i '/^").Append(PublishedPortFilter.HookBegin).Append("$/,/^").Append(PublishedPortFilter.End).Append("$/d' ")
             .Append(PublishedPortFilter.HookFile).Append(" 2>/dev/null || true\n");
            if (PublishedPortBlock != null)
            {
                s.Append("iptables-restore -n <<'SWARMTOOLS'\n").Append(PublishedPortBlock).Append("SWARMTOOLS\n");
                s.Append("iptables -N DOCKER-USER 2>/dev/null || true\n");
                s.Append("iptables -C DOCKER-USER -j ").Append(PublishedPortFilter.Chain).Append(" 2>/dev/null || iptables -I DOCKER-USER 1 -j ").Append(PublishedPortFilter.Chain).Append('\n');
                // The hook goes after after.init's first line (its #!), before anything that could exit.
                s.Append("[ -s ").Append(PublishedPortFilter.HookFile).Append(" ] || printf '#!/bin/sh\\n' >").Append(PublishedPortFilter.HookFile).Append('\n');
                s.Append("swarmtools_init=$(mktemp)\n{ head -n 1 ").Append(PublishedPortFilter.HookFile).Append("; cat <<'SWARMTOOLS'\n").Append(PublishedPortFilter.Hook)
                 .Append("SWARMTOOLS\ntail -n +2 ").Append(PublishedPortFilter.HookFile).Append("; } >\"$swarmtools_init\"\n");
                s.Append("cat \"$swarmtools_init\" >").Append(PublishedPortFilter.HookFile).Append("; rm -f \"$swarmtools_init\"; chmod u+x ").Append(PublishedPortFilter.HookFile).Append('\n');
            }
            else
            {
                s.Append("while iptables -D DOCKER-USER -j ").Append(PublishedPortFilter.Chain).Append(" 2>/dev/null; do :; done\n");
                s.Append("iptables -F ").Append(PublishedPortFilter.Chain).Append(" 2>/dev/null || true\n");
                s.Append("iptables -X ").Append(PublishedPortFilter.Chain).Append(" 2>/dev/null || true\n");
            }
        }
        if (PolicyJson != null)
            s.Append("cat >").Append(FirewallPolicy.PolicyFile).Append(" <<'SWARMTOOLS'\n").Append(PolicyJson).Append("\nSWARMTOOLS\n");
        if (RemovePolicy) s.Append("rm -f ").Append(FirewallPolicy.PolicyFile).Append('\n');
        if (Enable) s.Append("ufw --force enable >/dev/null\n");
        return s.ToString();
    }
}
