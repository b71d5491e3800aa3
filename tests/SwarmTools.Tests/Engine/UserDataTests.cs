using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;
using SwarmTools.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// The user's -UserData combined with the host key the module pins, as cloud-init takes user
/// data: merged into a #cloud-config, beside a #! script in multi-part MIME; what would stop the
/// key from being applied is refused, saying why. (Lab tests boot both kinds on real hosts.)
/// </summary>
[Trait("Category", "Unit")]
public sealed class UserDataTests
{
    private static readonly HostKeyPair Key = HostKeyPair.GenerateEd25519("test");

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string PinnedPublicKey(YamlMappingNode root) =>
        ((YamlScalarNode)((YamlMappingNode)root["ssh_keys"])["ed25519_public"]).Value!;

    [Fact]
    public void No_user_data_is_a_cloud_config_with_the_key()
    {
        var data = HostKeyUserData.With(null, Key);
        Assert.StartsWith("#cloud-config\n", data);
        Assert.Equal(Key.PublicKeyLine, PinnedPublicKey(Yaml(data)));
    }

    [Fact]
    public void A_cloud_config_keeps_every_key_of_its_own_and_gains_ssh_keys()
    {
        var user = "#cloud-config\npackage_update: true\nruncmd:\n  - echo one\n  - |\n    echo two\nwrite_files:\n  - path: /etc/x\n    content: y";

        var merged = Yaml(HostKeyUserData.With(user, Key));

        Assert.Equal(new[] { "package_update", "runcmd", "write_files", "ssh_keys" }, merged.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Equal(2, ((YamlSequenceNode)merged["runcmd"]).Children.Count);
        Assert.Equal("echo two\n", ((YamlScalarNode)((YamlSequenceNode)merged["runcmd"]).Children[1]).Value);
        Assert.Equal(Key.PublicKeyLine, PinnedPublicKey(merged));
    }

    [Fact]
    public void A_script_travels_beside_the_key_in_multi_part_MIME()
    {
        var script = "#!/bin/bash\necho hello > /root/hello\n";

        var data = HostKeyUserData.With(script, Key);

        Assert.StartsWith("Content-Type: multipart/mixed; boundary=", data);
        var boundary = data.Split('"')[1];
        var parts = data.Split("--" + boundary + "\n").Skip(1).ToList();
        Assert.Equal(2, parts.Count);
        Assert.Contains("Content-Type: text/cloud-config", parts[0]);
        Assert.Equal(Key.PublicKeyLine, PinnedPublicKey(Yaml(parts[0].Split("\n\n", 2)[1])));
        Assert.Contains("Content-Type: text/x-shellscript", parts[1]);
        Assert.Equal(script, parts[1].Split("\n\n", 2)[1].Split("--" + boundary + "--")[0]);
    }

    [Theory]
    [InlineData("#cloud-config\nssh_keys:\n  rsa_private: x\n", "has its own ssh_keys")]
    [InlineData("#cloud-config\nruncmd: [a\n", "not valid YAML")]
    [InlineData("#cloud-config\na: 1\n---\nb: 2\n", "2 YAML documents")]
    [InlineData("#cloud-config\n{a: 1}\n", "not a block mapping")]
    [InlineData("#cloud-config\n- a\n", "not a block mapping")]
    [InlineData("#cloud-config\ncloud_init_modules:\n  - users-groups\n", "leaves out ssh")]
    [InlineData("#cloud-config\ndisable_root: true\n", "connects as root")]
    [InlineData("#cloud-config\na: 1\n...\n", "could not add ssh_keys at its top level")]
    [InlineData("#include\nhttps://example.invalid/x\n", "'#include'")]
    [InlineData("#cloud-boothook\necho x\n", "'#cloud-boothook'")]
    [InlineData("Content-Type: multipart/mixed; boundary=\"b\"\n\n--b--\n", "MIME message of your own")]
    [InlineData("echo hi\n", "no '#cloud-config' or '#!' first line")]
    public void What_would_stop_the_key_is_refused_saying_why(string userData, string why)
    {
        var e = Assert.Throws<SwarmToolsException>(() => HostKeyUserData.With(userData, Key));
        Assert.Equal("UserDataConflict", e.ErrorId);
        Assert.Contains(why, e.Message);
        Assert.Contains("-TrustOnFirstUse", e.Message);
    }

    [Fact]
    public void A_module_list_that_keeps_ssh_is_accepted() =>
        Assert.Contains("ssh_keys:", HostKeyUserData.With("#cloud-config\ncloud_init_modules:\n  - ssh\n  - [users-groups, always]\n", Key));
}

/// <summary>New-SwarmNode refuses such user data before anything is created.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class UserDataRefusalTests
{
    [Fact]
    public async Task User_data_that_would_stop_the_host_key_is_refused_before_anything_is_created()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();

        var r = ps.Invoke("New-SwarmNode -Name u1 -SwarmTag $tag -SshKey $key -UserData \"#cloud-config`nssh_keys:`n  rsa_private: x\"",
            new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag(), ["key"] = TestKeys.NewPublicKey() });

        Assert.Contains("UserDataConflict,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        Assert.Empty(await control.RequestsSinceAsync(mark));
    }
}
