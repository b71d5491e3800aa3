using System.Text.Json;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// What /v2 was asked and answered, in order, for tests (GET /_sandbox/requests). No headers are
/// kept, so the Authorization header can never leak through it. Bounded: the oldest entries go.
/// With SWARMTOOLS_SANDBOX_EXCHANGE_LOG set to a directory, every entry is also appended to
/// `&lt;pid&gt;.jsonl` there, so a test run's contract check sees every sandbox it started, even
/// those long stopped.
/// </summary>
public sealed class RequestJournal
{
    public const string ExchangeLogVariable = "SWARMTOOLS_SANDBOX_EXCHANGE_LOG";
    private const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<LoggedRequest> _entries = new();
    private readonly string? _file;

    public RequestJournal(string? exchangeLogDirectory = null)
    {
        if (string.IsNullOrEmpty(exchangeLogDirectory))
            return;
        Directory.CreateDirectory(exchangeLogDirectory);
        _file = Path.Combine(exchangeLogDirectory, $"{Environment.ProcessId}.jsonl");
        File.AppendAllText(_file, ""); // there from the start: a sandbox that saw no request is seen too
    }

    public void Add(LoggedRequest entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
                _entries.Dequeue();
            _entries.Enqueue(entry);
            if (_file != null)
                File.AppendAllText(_file, JsonSerializer.Serialize(entry, SandboxJson.Options) + "\n");
        }
    }

    public IReadOnlyList<LoggedRequest> List()
    {
        lock (_gate) return _entries.ToList();
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }
}

/// <summary>One journal entry; bodies are the raw text (null when empty).</summary>
public sealed record LoggedRequest(
    string Method,
    string Path,
    string Query,
    int Status,
    string? RequestBody,
    string? ResponseBody,
    string RequestId,
    string At);
