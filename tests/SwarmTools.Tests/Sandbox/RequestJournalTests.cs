using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.SandboxApi;

/// <summary>What the sandbox journals when the caller hangs up before the answer (the contract test reads the journal).</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class RequestJournalTests
{
    [Fact]
    public async Task A_request_whose_caller_hung_up_is_journaled_as_499_without_an_answer_and_a_dropped_answer_keeps_its_answer()
    {
        using var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true });
        using var control = Sandbox.Control(server);
        using var http = new HttpClient { BaseAddress = server.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", server.Token);

        // The caller gives up while a delay fault holds the answer back.
        await control.FaultAsync(new { kind = "delay", method = "GET", path = "/v2/droplets", delayMs = 3000, count = 1 });
        using (var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            await Assert.ThrowsAnyAsync<TaskCanceledException>(() => http.GetAsync("v2/droplets", impatient.Token));
        // The sandbox answers the caller that stayed (control: the journal shows a full answer).
        (await http.GetAsync("v2/droplets")).EnsureSuccessStatusCode();
        // The sandbox's side of a client timeout: the answer is made, then the connection drops.
        await control.FaultAsync(new { kind = "drop-answer", method = "GET", path = "/v2/droplets", count = 1 });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("v2/droplets"));

        List<LoggedRequest> gets = [];
        for (var i = 0; i < 50 && gets.Count < 3; i++, await Task.Delay(100))
            gets = (await control.RequestsAsync()).Where(r => r.Method == "GET" && r.Path == "/v2/droplets").ToList();
        Assert.True(gets.Count == 3, string.Join("; ", (await control.RequestsAsync()).Select(r => r + " " + r.ResponseBody?.Length))); // journaled in the order they ended, which the hang-up does not fix
        var closed = Assert.Single(gets, r => r.Status == 499);
        Assert.Null(closed.ResponseBody);
        Assert.All(gets.Where(r => r != closed), r => Assert.Equal(200, r.Status));
        Assert.All(gets.Where(r => r != closed), r => Assert.Contains("\"droplets\"", r.ResponseBody));
    }
}
