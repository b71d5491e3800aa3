namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    private readonly Dictionary<long, SandboxKey> _keys = [];

    /// <summary>Null when the same key material (same fingerprint) is already on the account.</summary>
    public SandboxKey? AddKey(string name, string fingerprint, string publicKey)
    {
        lock (_gate)
        {
            if (_keys.Values.Any(k => k.Fingerprint == fingerprint))
                return null;
            var key = new SandboxKey(++_lastKeyId, name, fingerprint, publicKey);
            _keys.Add(key.Id, key);
            return key;
        }
    }

    /// <summary>By numeric id or by MD5 fingerprint.</summary>
    public SandboxKey? FindKey(string idOrFingerprint)
    {
        lock (_gate) return FindKeyLocked(idOrFingerprint);
    }

    public IReadOnlyList<SandboxKey> ListKeys()
    {
        lock (_gate) return _keys.Values.OrderBy(k => k.Id).ToList();
    }

    public SandboxKey? RenameKey(string idOrFingerprint, string name)
    {
        lock (_gate)
        {
            if (FindKeyLocked(idOrFingerprint) is not { } key)
                return null;
            var renamed = key with { Name = name };
            _keys[key.Id] = renamed;
            return renamed;
        }
    }

    public bool DeleteKey(string idOrFingerprint)
    {
        lock (_gate) return FindKeyLocked(idOrFingerprint) is { } key && _keys.Remove(key.Id);
    }

    private SandboxKey? FindKeyLocked(string idOrFingerprint) =>
        long.TryParse(idOrFingerprint, out var id)
            ? _keys.GetValueOrDefault(id)
            : _keys.Values.FirstOrDefault(k => k.Fingerprint.Equals(idOrFingerprint, StringComparison.OrdinalIgnoreCase));
}
