using System.Diagnostics;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Tests.Engine;

/// <summary>The records under ~/.swarmtools are changed under a lock other processes honour: two sessions lose nothing.</summary>
[Trait("Category", "Unit")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DropletRecordsTests
{
    private static readonly Uri Api = new("http://127.0.0.1:1/");

    [Fact]
    public async Task A_change_waits_while_another_process_holds_the_records_lock()
    {
        var dir = Directory.CreateTempSubdirectory("records-").FullName;
        try
        {
            var records = new DropletRecords(Path.Combine(dir, "pending-deletions"));
            records.Set(Api, [new(1, "a")]); // control: unheld, a change is made at once
            Assert.Equal("a", records.Of(Api)[1]);

            // flock(1) takes the same flock(2) lock as another PowerShell session would.
            using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", records.Path + ".swarmtools-lock", "sleep", "2"]))!;
            for (var i = 0; i < 50 && !Held(records.Path); i++) await Task.Delay(20);
            Assert.True(Held(records.Path), "the other process never took the lock");

            var clock = Stopwatch.StartNew();
            var change = Task.Run(() => records.Set(Api, [new(2, "b")]));
            await Task.Delay(700);
            Assert.False(change.IsCompleted, "the change did not wait for the other process's lock: " + change.Exception);
            Assert.DoesNotContain(" 2 b ", File.ReadAllText(records.Path)); // (Of would wait for the change: one gate in a process)
            await change.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(holder.HasExited, "the change went ahead while the other process still held the lock");
            Assert.Equal(("a", "b"), (records.Of(Api)[1], records.Of(Api)[2]));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Whether some process holds the lock: a non-blocking flock(1) attempt fails.</summary>
    private static bool Held(string records)
    {
        using var probe = Process.Start(new ProcessStartInfo("flock", ["--nonblock", "--shared", records + ".swarmtools-lock", "true"]))!;
        probe.WaitForExit();
        return probe.ExitCode != 0;
    }
}
