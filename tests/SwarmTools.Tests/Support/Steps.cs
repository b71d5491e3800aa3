namespace SwarmTools.Tests.Support;

/// <summary>Order checks that can fail: IndexOf gives -1 for a step that never happened, which a bare "&lt;" counts as "before".</summary>
public static class Steps
{
    /// <summary>Every step appears in <paramref name="log"/>, each (first occurrence) after the one before it.</summary>
    public static void InOrder(string log, params string[] steps)
    {
        var previous = -1;
        for (var i = 0; i < steps.Length; i++)
        {
            var at = log.IndexOf(steps[i], StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{steps[i]}' never happened:\n{log}");
            if (i > 0) Assert.True(at > previous, $"'{steps[i]}' happened before '{steps[i - 1]}':\n{log}");
            previous = at;
        }
    }
}
