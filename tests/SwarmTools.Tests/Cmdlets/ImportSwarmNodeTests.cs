using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Import-SwarmNode's refusals and -WhatIf, against the API sandbox (its droplets have no SSH): every bad
/// input is refused by id before anything changes, and docker-machine's token never shows.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ImportSwarmNodeTests
{
    private static readonly string Key = TestKeys.NewPublicKey("rsa")[..^4];

    private static async Task<Droplet> DropletAsync(params string[] tags)
    {
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("imp");
        var created = await api.Droplets.CreateAsync(new DropletCreateRequest
        {
            Names = { "dm-" + Guid.NewGuid().ToString("N")[..8] }, Region = "nyc3", Size = "s-1vcpu-1gb", Image = "ubuntu-24-04-x64",
            Tags = [tag, .. tags],
        }, default);
        await Sandbox.WaitCreatedAsync(api, tag);
        return (await api.Droplets.FindAsync(created.Droplets.Single().Id, default))!;
    }

    /// <summary>Runs Import-SwarmNode (API traces on) and asserts nothing was changed: no POST, PUT or DELETE reached the API.</summary>
    private static async Task<PowerShellSession.Result> ImportAsync(string args, DockerMachineFiles store, Dictionary<string, object?>? vars = null)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();
        vars ??= new();
        vars["store"] = store.Store;
        var from = args.Contains("-DockerMachine") ? "-MachineStoragePath $store " : "";
        var r = ps.Invoke("$DebugPreference = 'Continue'; Import-SwarmNode -Verbose " + from + args, vars);
        var requests = await control.RequestsSinceAsync(mark);
        // The log records changes (the creates of the test's droplets): a positive control for the scan after it.
        Assert.Contains(await control.RequestsAsync(), q => q.Method == "POST" && q.Path.Contains("droplets"));
        Assert.DoesNotContain(requests, q => q.Method != "GET");
        // The token in config.json never shows (it is there: the control).
        Assert.Contains(DockerMachineFiles.Token, File.ReadAllText(Directory.GetFiles(store.Store, "config.json", SearchOption.AllDirectories).First()));
        Assert.DoesNotContain(DockerMachineFiles.Token, r.AllText);
        return r;
    }

    [Fact]
    public async Task A_machine_that_does_not_exist_is_refused_before_anything_changes()
    {
        var d = await DropletAsync();
        var store = new DockerMachineFiles();
        store.Add("node1", d.Id, d.PublicIPv4!, Key);
        var r = await ImportAsync("-DockerMachine node1, nope", store);
        Assert.Contains("MachineNotFound,SwarmTools.Commands.ImportSwarmNode", r.ErrorIds);
        Assert.Contains("nope", string.Join("\n", r.Errors));
    }

    [Fact]
    public async Task A_machine_of_another_driver_is_refused_by_the_drivers_name()
    {
        var d = await DropletAsync();
        var store = new DockerMachineFiles();
        store.Add("vb1", d.Id, "192.168.99.100", Key, driver: "virtualbox");
        var r = await ImportAsync("-DockerMachine vb1", store);
        Assert.Contains("MachineDriverNotSupported,SwarmTools.Commands.ImportSwarmNode", r.ErrorIds);
        Assert.Contains("'virtualbox'", string.Join("\n", r.Errors));
    }

    [Fact]
    public async Task A_droplet_id_not_on_the_account_is_refused()
    {
        var store = new DockerMachineFiles();
        store.Add("gone", 987654321, "203.0.113.9", Key);
        var r = await ImportAsync("-DockerMachine gone", store);
        Assert.Contains("NodeNotFound,SwarmTools.Commands.ImportSwarmNode", r.ErrorIds);
        Assert.Contains("987654321", string.Join("\n", r.Errors));
        var byId = await ImportAsync("-Id 987654322", store);
        Assert.Contains("NodeNotFound,SwarmTools.Commands.ImportSwarmNode", byId.ErrorIds);
    }

    [Fact]
    public async Task A_key_file_that_cannot_be_read_is_refused()
    {
        var d = await DropletAsync();
        var store = new DockerMachineFiles();
        var missing = store.Add("nokey", d.Id, d.PublicIPv4!, Key);
        File.Delete(missing);
        File.Delete(missing + ".pub");
        Assert.Contains("SshKeyNotFound,SwarmTools.Commands.ImportSwarmNode", (await ImportAsync("-DockerMachine nokey", store)).ErrorIds);
        var garbage = store.Add("badkey", d.Id, d.PublicIPv4!, Key);
        var label = "OPENSSH " + "PRIVATE KEY"; // made here: no key-shaped block in the repository
        File.WriteAllText(garbage, $"-----BEGIN {label}-----\nnot a key\n-----END {label}-----\n");
        Assert.Contains("SshKeyInvalid,SwarmTools.Commands.ImportSwarmNode", (await ImportAsync("-DockerMachine badkey", store)).ErrorIds);
    }

    [Fact]
    public async Task A_droplet_tagged_for_another_swarm_is_refused()
    {
        var other = await DropletAsync("swarmtools");
        var adopted = await DropletAsync("blue", "swarmtools-key:3b:16:bf:00:11:22:33:44:55:66:77:88:99:aa:bb:cc");
        var store = new DockerMachineFiles();
        store.Add("a", other.Id, other.PublicIPv4!, Key);
        store.Add("b", adopted.Id, adopted.PublicIPv4!, Key);
        var r = await ImportAsync("-DockerMachine a -SwarmTag green", store);
        Assert.Contains("DropletInAnotherSwarm,SwarmTools.Commands.ImportSwarmNode", r.ErrorIds);
        Assert.Contains(other.Name, string.Join("\n", r.Errors));
        var keyed = await ImportAsync("-DockerMachine b", store);
        Assert.Contains("DropletInAnotherSwarm,SwarmTools.Commands.ImportSwarmNode", keyed.ErrorIds);
    }

    [Fact]
    public async Task A_host_key_that_is_no_fingerprint_or_names_no_node_is_refused()
    {
        var d = await DropletAsync();
        var store = new DockerMachineFiles();
        store.Add("node1", d.Id, d.PublicIPv4!, Key);
        var vars = new Dictionary<string, object?> { ["name"] = d.Name };
        Assert.Contains("InvalidHostKey,SwarmTools.Commands.ImportSwarmNode",
            (await ImportAsync("-DockerMachine node1 -HostKeyFingerprint @{ $name = 'SHA256:short' }", store, vars)).ErrorIds);
        Assert.Contains("InvalidArgument,SwarmTools.Commands.ImportSwarmNode",
            (await ImportAsync("-DockerMachine node1 -HostKeyFingerprint @{ other = 'SHA256:1VEVuGm6yC5ymQ4bqkqWdH5Wvbb0TvC4o6VwH4oBk8s' }", store, vars)).ErrorIds);
    }

    [Fact]
    public async Task WhatIf_shows_the_tags_and_the_pin_and_neither_connects_nor_tags()
    {
        var d1 = await DropletAsync();
        var d2 = await DropletAsync();
        var store = new DockerMachineFiles();
        store.Add("node1", d1.Id, d1.PublicIPv4!, Key);
        store.Add("node2", d2.Id, d2.PublicIPv4!, Key);
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();
        var r = ps.Invoke("Import-SwarmNode -MachineStoragePath $store -DockerMachine node1, node2 -TrustOnFirstUse -WhatIf", new() { ["store"] = store.Store });
        // It ran and said what it would do ("no change" alone is also what a failure leaves); the droplets have no SSH, so a connection would be an error.
        Assert.Empty(r.Errors);
        Assert.Null(r.Terminating);
        foreach (var d in new[] { d1, d2 })
            Assert.Contains(ps.Host.Lines, l => l.StartsWith("What if:") && l.Contains(d.Name) && l.Contains("swarmtools, swarmtools-key:") && l.Contains("-TrustOnFirstUse"));
        Assert.Empty(r.Output);
        Assert.DoesNotContain(await control.RequestsSinceAsync(mark), q => q.Method != "GET");
        using var api = Sandbox.Client();
        Assert.DoesNotContain("swarmtools", (await api.Droplets.FindAsync(d1.Id, default))!.Tags);
    }

    [Fact]
    public async Task By_name_and_by_tag_WhatIf_lists_the_droplets_and_a_plain_name_that_matches_nothing_is_refused()
    {
        var d = await DropletAsync();
        var store = new DockerMachineFiles();
        store.Add("unused", d.Id, d.PublicIPv4!, Key); // the token scan needs a config.json
        var vars = new Dictionary<string, object?> { ["id"] = Key, ["name"] = d.Name, ["tag"] = d.Tags[0] };
        Assert.Contains("NodeNotFound,SwarmTools.Commands.ImportSwarmNode", (await ImportAsync("-Name nope-import-xyz -IdentityFile $id", store, vars)).ErrorIds);
        using var ps = SandboxSession.Open();
        foreach (var how in new[] { "-Name ($name + '*')", "-Tag $tag", "-Id " + d.Id })
        {
            var r = ps.Invoke($"Import-SwarmNode {how} -IdentityFile $id -TrustOnFirstUse -WhatIf", vars);
            Assert.Empty(r.Errors);
            Assert.Contains(ps.Host.Lines, l => l.StartsWith("What if:") && l.Contains(d.Name) && l.Contains("reach with " + Key));
        }
    }
}
