using SwarmTools.Tests.Support;
using Xunit.Sdk;

namespace SwarmTools.Tests.Engine;

/// <summary>The checks other tests rely on must be able to fail.</summary>
[Trait("Category", "Unit")]
public sealed class TestChecksTests
{
    [Fact]
    public void An_order_check_fails_when_a_step_never_happened_or_came_late()
    {
        const string log = "drain\nleave\nrm";
        Steps.InOrder(log, "drain", "leave", "rm");
        Assert.True(log.IndexOf("demote") < log.IndexOf("leave")); // what a bare IndexOf comparison accepts
        Assert.Throws<TrueException>(() => Steps.InOrder(log, "demote", "leave"));
        Assert.Throws<TrueException>(() => Steps.InOrder(log, "leave", "drain"));
        Assert.Throws<TrueException>(() => Steps.InOrder(log, "drain", "demote"));
    }
}
