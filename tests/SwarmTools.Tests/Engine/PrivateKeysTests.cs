using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>Which private key opens a node made with a given public key: found by fingerprint, under any name.</summary>
[Trait("Category", "Sandbox")]
[Collection(EnvironmentCollection.Name)]
public sealed class PrivateKeysTests
{
    private static string WithHome(Func<string, string?> look)
    {
        var home = Directory.CreateTempSubdirectory("swarmtools-home-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".ssh"));
        var saved = Environment.GetEnvironmentVariable("HOME");
        Environment.SetEnvironmentVariable("HOME", home);
        try { return look(Path.Combine(home, ".ssh")) ?? "(none)"; }
        finally { Environment.SetEnvironmentVariable("HOME", saved); }
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa")]
    [InlineData("ecdsa")]
    public void Finds_a_key_under_any_name_with_its_pub_or_alone(string type)
    {
        var pub = TestKeys.NewPublicKey(type);
        var fingerprint = SshPublicKey.Parse(File.ReadAllText(pub), pub).Md5Fingerprint;

        Assert.Equal("withpub", Path.GetFileName(WithHome(ssh =>
        {
            File.Copy(pub[..^4], Path.Combine(ssh, "withpub"));
            File.Copy(pub, Path.Combine(ssh, "withpub.pub"));
            return PrivateKeyLookup.For(fingerprint);
        })));
        // Alone, its public half is derived from the private key.
        Assert.Equal("alone", Path.GetFileName(WithHome(ssh =>
        {
            File.WriteAllText(Path.Combine(ssh, "known_hosts"), "198.18.0.9 ssh-ed25519 AAAA\n");
            File.Copy(pub[..^4], Path.Combine(ssh, "alone"));
            return PrivateKeyLookup.For(fingerprint);
        })));
    }

    [Fact]
    public void Another_key_is_not_taken_for_it()
    {
        var mine = TestKeys.NewPublicKey();
        var other = TestKeys.NewPublicKey();
        var fingerprint = SshPublicKey.Parse(File.ReadAllText(mine), mine).Md5Fingerprint;
        Assert.Equal("(none)", WithHome(ssh =>
        {
            File.Copy(other[..^4], Path.Combine(ssh, "id_ed25519"));
            File.Copy(other, Path.Combine(ssh, "id_ed25519.pub"));
            return PrivateKeyLookup.For(fingerprint);
        }));
        // Positive control: the same look-up finds the right key once it is there.
        Assert.Equal("id_mine", Path.GetFileName(WithHome(ssh =>
        {
            File.Copy(mine[..^4], Path.Combine(ssh, "id_mine"));
            return PrivateKeyLookup.For(fingerprint);
        })));
    }

    [Fact]
    public void The_key_beside_a_pub_given_is_remembered()
    {
        var pub = TestKeys.NewPublicKey();
        var key = SshPublicKey.Load(pub, "/nonexistent");
        Assert.Equal(pub[..^4], PrivateKeyLookup.Beside(key));
        Assert.Equal(pub[..^4], WithHome(_ => PrivateKeyLookup.For(key.Md5Fingerprint)));
        Assert.Equal(key.Md5Fingerprint, NodeKeyTag.Fingerprint(new[] { "swarmtools", NodeKeyTag.For(key) }));
    }
}
