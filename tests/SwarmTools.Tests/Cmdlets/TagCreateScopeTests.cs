using System.Management.Automation;
using SwarmTools.Tests.Support;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// tag:create is an "associated" scope: for a token without it DigitalOcean may refuse the whole
/// create (the sandbox's default, ScopedTokenTests) or make the droplets untagged (not documented
/// which). Droplets that come back untagged are tagged afterwards, or reported by id with the
/// command that removes them.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class TagCreateScopeTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>New-SwarmNode's scopes (ScopedTokenTests) without tag:create.</summary>
    private static readonly string[] WithoutTagCreate =
    [
        "account:read", "regions:read", "sizes:read", "image:read", "droplet:read", "tag:read", "actions:read",
        "ssh_key:read", "ssh_key:create", "droplet:create", "droplet:update",
    ];

    [Fact]
    public async Task Droplets_that_come_back_untagged_are_tagged_afterwards_and_become_nodes()
    {
        using var control = Sandbox.Control();
        using var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();
        await control.FaultAsync(new { kind = "create-untagged", count = 1 });

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key -Verbose", new() { ["tag"] = tag, ["key"] = Key });

        var calls = await control.RequestsSinceAsync(mark);
        var create = Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/droplets");
        Assert.Contains("\"tags\":[]", create.ResponseBody); // the fault did make them untagged
        Assert.Contains(calls, c => c.Method == "POST" && c.Path == $"/v2/tags/{tag}/resources" && c.Status == 204);
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        Assert.Contains(r.Verbose, v => v.Contains("tagged them afterwards"));
        using var api = Sandbox.Client();
        Assert.Equal(2, (await api.Droplets.ListByTagAsync(tag, default)).Count);
        await api.Droplets.DeleteByTagAsync(tag, default);
    }

    [Fact]
    public async Task Start_SwarmSandbox_TagCreateMissing_chooses_between_a_refused_create_and_untagged_droplets()
    {
        var scopes = string.Join(",", WithoutTagCreate.Where(s => s != "droplet:update"));
        // A session of its own (the cmdlet starts the sandbox beside the module it was loaded from).
        async Task<string> Run(string choice) =>
            await Pwsh($"Import-Module '{RepoPaths.ModuleManifest}'; $null = Start-SwarmSandbox -ApiOnly -BootSeconds 0 -TokenScope {scopes} {choice}; " +
                       $"try {{ New-SwarmNode -WaitFor Active -Name t1 -SshKey '{Key}' -ErrorAction Stop | Out-Null }} catch {{ $_.FullyQualifiedErrorId }} finally {{ Stop-SwarmSandbox }}");

        Assert.Contains("MissingScope,SwarmTools.Commands.NewSwarmNode", await Run(""));
        Assert.Contains("DropletUntagged,SwarmTools.Commands.NewSwarmNode", await Run("-TagCreateMissing Untagged"));
    }

    private static async Task<string> Pwsh(string command)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            ArgumentList = { "pwsh", "-NoProfile", "-NonInteractive", "-Command", command },
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }

    [Fact]
    public async Task Without_tag_create_droplets_made_untagged_are_reported_by_id_with_the_command_that_removes_them()
    {
        using var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true, BootSeconds = 0, TagCreateMissing = "untagged" });
        using var control = Sandbox.Control(server);
        var token = await control.MintTokenAsync(WithoutTagCreate);
        using var ps = new PowerShellSession();
        var started = DateTime.UtcNow;

        var r = ps.Invoke(
            "$env:DIGITALOCEAN_API_URL = $url; New-SwarmNode -WaitFor Active -Count 2 -SwarmTag un -SshKey $key -Token (ConvertTo-SecureString $token -AsPlainText -Force)",
            new() { ["url"] = server.ApiUrl.ToString(), ["token"] = token, ["key"] = Key });
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Sandbox.Server.ApiUrl.ToString());

        using var api = Sandbox.Client(server);
        var droplets = await api.Droplets.ListAsync(default);
        Assert.Equal(2, droplets.Count); // made, untagged
        Assert.All(droplets, d => Assert.Empty(d.Tags));
        Assert.Empty(r.Output);
        Assert.Equal(2, r.Errors.Count);
        foreach (var droplet in droplets)
        {
            var error = Assert.Single(r.Errors, e => e.Exception.Message.Contains($"(id {droplet.Id})"));
            Assert.Equal("DropletUntagged,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
            Assert.Contains($"Remove-SwarmNode -Id {droplet.Id} -DropletOnly", error.Exception.Message);
            Assert.Contains("tag:create", error.Exception.Message);
        }
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(1), "the untagged droplets must not be waited for until -Timeout");
    }
}
