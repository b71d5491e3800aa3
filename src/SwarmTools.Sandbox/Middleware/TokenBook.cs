using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// The tokens the sandbox accepts and their scopes. The main token (SWARMTOOLS_SANDBOX_TOKEN)
/// has full access unless --token-scopes lists its scopes; tests mint more, custom-scoped, with
/// POST /_sandbox/tokens. Only the main token reaches the control API.
/// </summary>
public sealed class TokenBook
{
    private readonly byte[] _main;
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _minted = new();

    public TokenBook(string mainToken, IReadOnlyList<string>? mainScopes)
    {
        _main = Encoding.UTF8.GetBytes(mainToken);
        MainScopes = mainScopes is null ? null : Scopes.Normalize(mainScopes);
    }

    /// <summary>Null: full access (what a "Full Access" token has).</summary>
    public IReadOnlySet<string>? MainScopes { get; }

    public bool IsMain(string presented) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _main);

    /// <summary>Whether the token is known, and its scopes (null: full access).</summary>
    public (bool Known, IReadOnlySet<string>? Scopes) Find(string presented)
    {
        if (IsMain(presented))
            return (true, MainScopes);
        return _minted.TryGetValue(presented, out var scopes) ? (true, scopes) : (false, null);
    }

    /// <summary>A minted token stops working (the main token cannot be revoked).</summary>
    public bool Revoke(string presented) => _minted.TryRemove(presented, out _);

    public string Mint(IReadOnlyList<string> scopes)
    {
        var token = "dop_v1_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _minted[token] = Scopes.Normalize(scopes);
        return token;
    }
}
