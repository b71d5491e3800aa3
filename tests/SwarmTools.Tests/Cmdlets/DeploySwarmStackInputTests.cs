using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Deploy-SwarmStack refuses bad input with its own ids before anything is sent: not even the API is
/// asked for a manager (the deploy itself: Lab/StackTests; the rules: Engine/StackRulesTests).
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class DeploySwarmStackInputTests
{
    [Fact]
    public async Task A_bad_name_or_compose_file_is_refused_before_any_request()
    {
        using var control = Sandbox.Control();
        using var ps = SandboxSession.Open();
        var dir = Directory.CreateTempSubdirectory("swarmtools-compose-").FullName;
        var files = new Dictionary<string, string>
        {
            ["good.yml"] = "services:\n  app:\n    image: bb:1\n",
            ["text.yml"] = "services: [unclosed",
            ["empty.yml"] = "version: '3.8'\n",
            ["local.yml"] = "services:\n  app:\n    image: a\n    env_file: .env\n",
        };
        foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
        var cases = new[]
        {
            ($"Deploy-SwarmStack -Name 'my.app' -Path '{dir}/good.yml'", "StackNameInvalid"),
            ($"Deploy-SwarmStack -Name web -Path '{dir}/missing.yml'", "ComposeFileNotFound"),
            ($"Deploy-SwarmStack -Name web -Path '{dir}/text.yml'", "ComposeFileInvalid"),
            ($"Deploy-SwarmStack -Name web -Path '{dir}/empty.yml'", "ComposeFileInvalid"),
            ($"Deploy-SwarmStack -Name web -Path '{dir}/local.yml'", "ComposeFileRefersToLocalFile"),
        };
        var mark = await control.MarkAsync();
        foreach (var (script, id) in cases)
        {
            var r = ps.Invoke(script);
            Assert.Equal($"{id},SwarmTools.Commands.DeploySwarmStack", Assert.Single(r.ErrorIds));
            Assert.Contains("Nothing was sent", r.Errors.Select(e => e.Exception.Message).Append(r.Terminating?.Message ?? "").First(m => m.Length > 0));
        }
        Assert.Empty(await control.RequestsSinceAsync(mark));
        // The control: a good file does reach the API (to find a manager), so the scan above could see a request.
        ps.Invoke($"Deploy-SwarmStack -Name web -Path '{dir}/good.yml' -NoWait");
        Assert.NotEmpty(await control.RequestsSinceAsync(mark));
    }
}
