using System.Security;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Docker secrets on a real swarm over real SSH: created from a SecureString and from a file, the
/// bytes a service reads are the bytes given, listed without values, removed (refused while in use).
/// The value never shows in ps on the node, in a file the module could have written there, or in any
/// stream; each scan has a planted control that proves it would see the value.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(SwarmSecretTests))]
public sealed class SwarmSecretTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>A busybox image made on the node from its own busybox (no registry in the lab).</summary>
    internal const string ImportBusybox = "set -e; docker image inspect bb:1 >/dev/null 2>&1 && exit 0; d=$(mktemp -d); mkdir -p $d/bin; cp \"$(command -v busybox)\" $d/bin/busybox; " +
        "for a in sh nc hostname sleep cat sha256sum; do ln -s busybox $d/bin/$a; done; tar -C $d -c . | docker import - bb:1 >/dev/null; rm -rf $d";

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var c in text) s.AppendChar(c);
        return s;
    }

    [SkippableFact]
    public void A_secret_reaches_the_service_byte_for_byte_and_its_value_never_leaks()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("secret"), Key);
        var formed = ps.Invoke("New-SwarmNode -Name sec1 | Initialize-Swarm", vars);
        Assert.Empty(formed.Errors);
        vars["cmd"] = ImportBusybox;
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd | Where-Object ExitCode -ne 0", vars).Output);

        var value = "swarmtools-value-" + Guid.NewGuid().ToString("N");
        var planted = "swarmtools-value-" + Guid.NewGuid().ToString("N"); // the same shape: what the scans must find
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var file = Path.Combine(Path.GetTempPath(), "swarmtools-secret-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(file, binary);
        vars["v"] = Secure(value);
        vars["file"] = file;

        // Every process's argv on the node, sampled from before the creation until after it.
        const string sampler = "touch /tmp/ps-started; n=0; while [ ! -e /tmp/ps-stop ] && [ $n -lt 2400 ]; do echo \"=== sample\"; ps -eo args; n=$((n+1)); sleep 0.05; done > /tmp/ps-samples";
        using var sampling = ps.CreatePipeline($"Get-SwarmNode -Tag '{vars["tag"]}' | Invoke-SwarmCommand -KnownHostsFile '{vars["kh"]}' -IdentityFile '{vars["id"]}' -Command '{sampler}'");
        var running = sampling.BeginInvoke();
        using var other = LabSandbox.Open();
        other.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh; '*-Swarm*:SwarmTag' = $tag }", vars);
        Assert.True(Eventually(() => On(other, "sec1", "test -e /tmp/ps-started", vars).ExitCode == 0, 20), "the sampler did not start");
        // The control: a value-shaped argument on the node, and in a file, which the scans below must find.
        Assert.Equal(0, On(other, "sec1", $"setsid sh -c 'sleep 3' {planted} </dev/null >/dev/null 2>&1 & echo {planted} > /tmp/planted-file", vars).ExitCode);

        var created = other.Invoke("$DebugPreference = 'Continue'; Write-Information 'information-stream-probe'; " +
            "New-SwarmSecret -Name s1 -Value $v -Label @{ app = 'web' } -Verbose -Debug; New-SwarmSecret -Name s2 -Path $file -Verbose", vars);
        var again = other.Invoke("New-SwarmSecret -Name s1 -Value $v -Verbose", vars);

        Thread.Sleep(500);
        Assert.Equal(0, On(other, "sec1", "touch /tmp/ps-stop", vars).ExitCode);
        var sampled = sampling.EndInvoke(running);
        Assert.Empty(sampling.Streams.Error); // a sampler that failed proves nothing
        Assert.Equal(0, ((SwarmCommandResult)sampled.Single().BaseObject).ExitCode);

        Assert.Empty(created.Errors);
        var secrets = created.Output.Select(o => (SwarmSecret)o.BaseObject).ToList();
        Assert.Equal(new[] { "s1", "s2" }, secrets.Select(s => s.Name));
        Assert.Equal(new[] { "app=web" }, secrets[0].Labels);
        Assert.All(secrets, s => Assert.NotEmpty(s.Id));
        Assert.Contains(created.Verbose, v => v.Contains("docker secret create") && v.Contains("s1"));
        Assert.Equal("SecretExists,SwarmTools.Commands.NewSwarmSecret", Assert.Single(again.Errors).FullyQualifiedErrorId);

        // A service gets exactly the bytes given: the value, and the file's 256 bytes.
        Assert.Equal(0, On(other, "sec1", "docker service create -d --quiet --name sv --secret s1 --secret s2 --no-resolve-image bb:1 sh -c 'while true; do sleep 3600; done'", vars).ExitCode);
        Assert.True(Eventually(() => On(other, "sec1", "docker ps -q -f name=sv", vars).Output.Trim().Length > 0, 60), "the service's task did not start");
        Assert.Equal(value, On(other, "sec1", "docker exec $(docker ps -q -f name=sv) cat /run/secrets/s1", vars).Output);
        var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(binary)).ToLowerInvariant();
        Assert.StartsWith(digest, On(other, "sec1", "docker exec $(docker ps -q -f name=sv) sha256sum /run/secrets/s2", vars).Output);

        // ps on the node: many samples; the planted value seen, the real one never.
        var counts = On(other, "sec1", $"echo $(grep -c '^=== sample' /tmp/ps-samples) $(grep -c 'docker secret create' /tmp/ps-samples) $(grep -c {planted} /tmp/ps-samples) $(grep -c {value} /tmp/ps-samples)", vars)
            .Output.Trim().Split(' ').Select(int.Parse).ToArray();
        Assert.True(counts[0] > 20, $"only {counts[0]} samples");
        Assert.True(counts[2] > 0, "the planted value-shaped argument was not found: the scan cannot see a value");
        Assert.Equal(0, counts[3]);
        // Files on the node where the module or a shell could have left it (Docker's own store aside); the planted file is found.
        var files = On(other, "sec1", $"grep -rlF {planted} /tmp /root /etc /var/log /home 2>/dev/null | grep -v ps-samples | wc -l; grep -rlF {value} /tmp /root /etc /var/log /home 2>/dev/null | wc -l", vars)
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.True(files[0] > 0, "the planted file was not found: the file scan cannot see a value");
        Assert.Equal(0, files[1]);

        // Every stream, information and debug included; the controls show each is captured.
        Assert.Contains("information-stream-probe", created.Information);
        Assert.NotEmpty(created.Debug.Concat(created.Verbose));
        Assert.DoesNotContain(value, created.AllText + again.AllText);
        Assert.DoesNotContain(value, string.Join("\n", ps.Host.Lines.Concat(other.Host.Lines)));

        // Listing: names, ids, dates, labels; no value (nothing of it in any property).
        var listed = other.Invoke("Get-SwarmSecret; Get-SwarmSecret -Name s* | Format-List * | Out-String", vars);
        Assert.Empty(listed.Errors);
        Assert.Equal(new[] { "s1", "s2" }, listed.Output.Where(o => o.BaseObject is SwarmSecret).Select(o => ((SwarmSecret)o.BaseObject).Name));
        Assert.Contains("app=web", listed.AllText);
        Assert.DoesNotContain(value, listed.AllText);
        Assert.All(listed.Output.Where(o => o.BaseObject is SwarmSecret).Select(o => (SwarmSecret)o.BaseObject), s => Assert.True(s.CreatedAt > DateTimeOffset.UtcNow.AddHours(-1)));
        var view = other.Invoke("Get-SwarmSecret | Out-String", vars).Output.Single().ToString();
        Assert.Matches(@"ID\s+NAME\s+CREATED\s+UPDATED\s+LABELS", view);

        // Removal: in use is refused and named; the other goes; then the rest from the pipeline.
        var inUse = other.Invoke("Remove-SwarmSecret -Name s1 -Confirm:$false", vars);
        Assert.Equal("SecretInUse,SwarmTools.Commands.RemoveSwarmSecret", Assert.Single(inUse.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, On(other, "sec1", "docker service rm sv >/dev/null", vars).ExitCode);
        var missing = other.Invoke("Remove-SwarmSecret -Name nosuch -Confirm:$false", vars);
        Assert.Equal("SecretNotFound,SwarmTools.Commands.RemoveSwarmSecret", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        var whatIf = other.Invoke("Get-SwarmSecret | Remove-SwarmSecret -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Equal(2, other.Invoke("Get-SwarmSecret", vars).Output.Count);
        Assert.True(Eventually(() => other.Invoke("Get-SwarmSecret | Remove-SwarmSecret -Confirm:$false", vars).Errors.Count == 0, 30), "the secrets were not removed once the service was gone");
        Assert.Empty(other.Invoke("Get-SwarmSecret", vars).Output);
        Assert.Equal("", On(other, "sec1", "docker secret ls -q", vars).Output.Trim());

        On(other, "sec1", "rm -f /tmp/ps-samples /tmp/ps-started /tmp/ps-stop /tmp/planted-file", vars);
        File.Delete(file);
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }
}
