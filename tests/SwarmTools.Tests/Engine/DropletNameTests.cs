using System.Text.RegularExpressions;
using SwarmTools.Engine.Nodes;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>Droplet names are checked locally by the API's own rule (droplet_multi_create names: pattern, maxLength).</summary>
[Trait("Category", "Unit")]
public sealed class DropletNameTests
{
    private static readonly string[] Samples =
    [
        "node1", "a", "1", "a.b-c", "sub-01.example.com", "Node.Example.COM",
        "node.", "node-", "no_de", "node!", "", "a..b", "a--b",
        new string('a', 254), new string('a', 255), new string('a', 256), new string('a', 254) + ".",
    ];

    [SkippableFact]
    public void A_name_is_accepted_only_when_the_API_pattern_and_length_accept_it()
    {
        var names = Spec.Facts.Property("droplet_multi_create", "names[]");
        var pattern = new Regex(names["pattern"]!.ToString());
        var maxLength = (int)names["maxLength"]!.GetValue<long>();
        Assert.Equal(255, maxLength);
        Assert.Equal(NodeNames.MaxNameLength, maxLength);

        foreach (var name in Samples)
        {
            var api = name.Length <= maxLength && pattern.IsMatch(name);
            // Stricter only at the start: a hostname starts with a letter or digit.
            var expected = api && char.IsLetterOrDigit(name[0]);
            Assert.True(expected == Accepts(name), $"'{(name.Length > 20 ? name[..10] + "…(" + name.Length + ")" : name)}': the API {(api ? "accepts" : "refuses")} it, the module {(Accepts(name) ? "accepts" : "refuses")} it");
        }
        // Positive controls: both outcomes happened.
        Assert.Contains(Samples, Accepts);
        Assert.Contains(Samples, n => !Accepts(n));
    }

    [Theory]
    [InlineData("node.")]
    [InlineData("node-")]
    [InlineData("no_de")]
    public void A_refused_name_says_what_the_rule_is(string name)
    {
        var e = Assert.Throws<SwarmToolsException>(() => NodeNames.Check(name));
        Assert.Equal(ErrorIds.InvalidName, e.ErrorId);
        Assert.Contains("ending with a letter or digit", e.Message);
        Assert.Contains("no '_'", e.Message);
    }

    [Fact]
    public void The_cap_is_255_characters()
    {
        NodeNames.Check(new string('a', 255));
        var e = Assert.Throws<SwarmToolsException>(() => NodeNames.Check(new string('a', 256)));
        Assert.Contains("at most 255", e.Message);
    }

    private static bool Accepts(string name)
    {
        try
        {
            NodeNames.Check(name);
            return true;
        }
        catch (SwarmToolsException)
        {
            return false;
        }
    }
}
