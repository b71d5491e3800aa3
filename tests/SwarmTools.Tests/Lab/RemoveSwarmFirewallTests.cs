using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Remove-SwarmFirewall -Mode Ufw on real hosts: what the module owns goes (its rules, the
/// DOCKER-USER block, the kept policy), the members' swarm-port rules stay so the swarm keeps
/// talking, and a published port the block filtered is open again — probed from the runner.
/// Before that, Get-SwarmFirewall names a host that drifted from the kept policy.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(RemoveSwarmFirewallTests))]
public sealed class RemoveSwarmFirewallTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableFact]
    public void Drift_is_named_and_Remove_takes_away_what_the_module_owns_and_keeps_the_swarm_talking()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwremove"), Key);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name rm | Initialize-Swarm | Set-SwarmFirewall -AllowPort 8443 -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var worker = manager == "rm1" ? "rm2" : "rm1";
        var target = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $tag -Name " + worker, vars).Output.Single().BaseObject;
        // A port published in host mode by a plain container (no image pull: busybox from the host).
        Assert.Equal(0, On(ps, worker, "set -e; d=$(mktemp -d); mkdir -p $d/bin; cp \"$(command -v busybox)\" $d/bin/busybox; ln -s busybox $d/bin/sh; ln -s busybox $d/bin/httpd; " +
            "tar -C $d -c . | docker import - bb:1 >/dev/null; docker run -d --rm -p 8085:8080 bb:1 httpd -f -p 8080 >/dev/null", vars).ExitCode);
        // The module's rules beyond the members' swarm ports, its after.rules block, its kept policy.
        string Owned() => On(ps, worker, "ufw status | grep swarmtools | grep -cvE '2377|7946|4789|^22/' || true; grep -c 'BEGIN swarmtools' /etc/ufw/after.rules || true; " +
            "test -f /etc/ufw/swarmtools-policy.json && echo policy || echo none", vars).Output;

        // Before: 8085 filtered from the runner, the module's rules, block and policy in place.
        Assert.False(Reachability.Tcp(target.PublicAddress!, 8085), "the published port is open before the removal");
        Assert.True(Reaches(ps, manager, target.PrivateAddress!, 8085, vars), "a member does not reach the published port (the control)");
        Assert.Contains("8443", On(ps, worker, "ufw status", vars).Output);
        var before = Owned();
        Assert.Matches("^[1-9][0-9]*\n1\npolicy\n$", before);
        string KeptInSwarm() => On(ps, manager, "docker config ls -q --filter label=swarmtools.firewall-policy | wc -l", vars).Output.Trim();
        Assert.Equal("1", KeptInSwarm());

        // Drift: none while the hosts are as the kept policy says (the control); a rule deleted by hand is named.
        Assert.DoesNotContain(ps.Invoke("Get-SwarmFirewall", vars).Warnings, w => w.Contains("drifted"));
        Assert.Equal(0, On(ps, worker, "ufw delete allow proto tcp from any to any port 8443 >/dev/null", vars).ExitCode);
        var drift = ps.Invoke("Get-SwarmFirewall", vars).Warnings.Where(w => w.Contains("drifted")).ToList();
        Assert.Contains(drift, w => w.StartsWith(worker) && w.Contains("8443"));
        Assert.DoesNotContain(drift, w => w.StartsWith(manager));
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort 8443", vars).Errors);
        Assert.DoesNotContain(ps.Invoke("Get-SwarmFirewall", vars).Warnings, w => w.Contains("drifted"));

        var whatIf = ps.Invoke("$swarm | Remove-SwarmFirewall -Mode Ufw -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Equal(before, Owned()); // -WhatIf changes nothing
        Assert.Equal("1", KeptInSwarm());

        var removed = ps.Invoke("$swarm | Remove-SwarmFirewall -Mode Ufw -Confirm:$false", vars);
        Assert.Empty(removed.Errors);
        Assert.Equal("0\n0\nnone\n", Owned());
        Assert.Equal("0", KeptInSwarm()); // a later join would apply it again
        var status = On(ps, worker, "ufw status", vars).Output;
        Assert.DoesNotContain("8443", status);
        Assert.Contains("7946", status); // the members' swarm-port rules stay
        Assert.Matches(@"(?m)^22/tcp\s+(ALLOW|LIMIT)\s+Anywhere\s", status); // and the SSH rule: ufw denies the rest, so without it the next connection is refused
        Assert.True(Reachability.Tcp(target.PublicAddress!, 22), "22 is refused after the removal");
        Assert.True(Reachability.Tcp(target.PublicAddress!, 8085), "the published port is still filtered after the removal");
        Assert.True(Reaches(ps, manager, target.PrivateAddress!, 7946, vars), "members stopped talking after the removal");
        Assert.Equal("ready", On(ps, manager, $"docker node inspect {worker} --format '{{{{.Status.State}}}}'", vars).Output.Trim());

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
