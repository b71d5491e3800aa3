namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// What /v2 was asked and answered, in order, for tests (GET /_sandbox/requests). No headers are
/// kept, so the Authorization header can never leak through it. Bounded: the oldest entries go.
/// </summary>
public sealed class RequestJournal
{
    private const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Queue<LoggedRequest> _entries = new();

    public void Add(LoggedRequest entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
                _entries.Dequeue();
            _entries.Enqueue(entry);
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
