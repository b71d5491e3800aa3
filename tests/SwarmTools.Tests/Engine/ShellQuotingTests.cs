using System.Diagnostics;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Tests.Engine;

/// <summary>The one quoting helper behind every word the module puts in a remote command line, checked by a real shell.</summary>
[Trait("Category", "Sandbox")]
public sealed class ShellQuotingTests
{
    [Theory]
    [InlineData("it's")]
    [InlineData("'")]
    [InlineData("''")]
    [InlineData("a'b'c")]
    [InlineData("'; touch /tmp/swarmtools-quoting-pwned; echo '")]
    [InlineData("$(id) `id` $HOME \\ \" *")]
    [InlineData("two words\nand a line")]
    [InlineData("")]
    public void A_quoted_word_reaches_the_command_exactly_as_given(string word)
    {
        Assert.Equal("'it'\\''s'", NodeShell.Quote("it's")); // the form: close, escaped quote, reopen

        using var sh = Process.Start(new ProcessStartInfo("sh", new[] { "-c", "printf '%s' " + NodeShell.Quote(word) })
            { RedirectStandardOutput = true })!;
        var seen = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();

        Assert.Equal(0, sh.ExitCode);
        Assert.Equal(word, seen);
        Assert.False(File.Exists("/tmp/swarmtools-quoting-pwned"));
    }
}
