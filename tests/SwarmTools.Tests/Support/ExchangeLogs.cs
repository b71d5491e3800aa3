using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace SwarmTools.Tests.Support;

/// <summary>
/// Where every sandbox of the run journals its exchanges (SWARMTOOLS_SANDBOX_EXCHANGE_LOG, one
/// `&lt;pid&gt;.jsonl` per sandbox), so the contract test sees them all: the shared one, per-test
/// ones, lab ones, those a real terminal starts, and — under build.ps1, which runs Pester first
/// into a sibling folder `pester` — the Pester suite's. Set before any sandbox starts.
/// </summary>
public static class ExchangeLogs
{
    public const string Variable = "SWARMTOOLS_SANDBOX_EXCHANGE_LOG";
    private static readonly ConcurrentBag<int> StartedPids = new();

    public static string Directory { get; private set; } = "";

    /// <summary>build.ps1 names out/test-results/exchanges/xunit; a bare dotnet test gets a fresh folder of its own.</summary>
    [ModuleInitializer]
    internal static void Configure()
    {
        var dir = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(dir))
        {
            dir = Path.Combine(System.IO.Directory.CreateTempSubdirectory("swarmtools-exchanges-").FullName, "xunit");
            Environment.SetEnvironmentVariable(Variable, dir);
        }
        Directory = System.IO.Directory.CreateDirectory(dir).FullName;
    }

    /// <summary>Every sandbox a test starts says so here; the contract test then requires its journal.</summary>
    public static void Started(int pid) => StartedPids.Add(pid);

    public static IReadOnlyCollection<int> Started() => StartedPids.ToArray();

    /// <summary>The run's journals by file: this suite's folder and its siblings (other suites of the run).</summary>
    public static IEnumerable<string> Files() =>
        System.IO.Directory.EnumerateFiles(Path.GetDirectoryName(Directory)!, "*.jsonl", SearchOption.AllDirectories);

    public static IEnumerable<LoggedRequest> Read(string file) =>
        File.ReadLines(file).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!).Select(n => new LoggedRequest(
            (string)n["method"]!, (string)n["path"]!, (string?)n["query"] ?? "", (int)n["status"]!,
            (string?)n["request_body"], (string?)n["response_body"]));
}
