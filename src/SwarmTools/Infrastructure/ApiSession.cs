using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Infrastructure;

/// <summary>
/// The API client of one cmdlet invocation, composed into every base that has -Token (the
/// bases only hold the parameter): credentials from the token, the client created on first
/// use, its trace sent to the running work's queue, the up-front 401 check, and its disposal.
/// </summary>
internal sealed class ApiSession : IDisposable
{
    private readonly SwarmCmdlet _cmdlet;
    private readonly Func<SecureString?> _token;
    private DigitalOceanClient? _client;
    private OutputQueue? _traceTo;

    /// <param name="cmdlet">The cmdlet whose streams and pipeline thread the session uses.</param>
    /// <param name="token">Reads the cmdlet's -Token when the client is first needed (after binding).</param>
    public ApiSession(SwarmCmdlet cmdlet, Func<SecureString?> token)
    {
        _cmdlet = cmdlet;
        _token = token;
    }

    /// <summary>
    /// A token given with -Token is checked before any work, so a wrong one is refused at once
    /// (ApiUnauthorized), not after the nodes were already worked on. A token that lacks only
    /// account:read is let through (its scopes are checked where they are used).
    /// </summary>
    public void RefuseWrongToken(bool tokenGiven)
    {
        if (!tokenGiven) return;
        var api = Api;
        try { _cmdlet.RunOffPipeline((queue, ct) => api.Account.GetAsync(ct)); }
        catch (DigitalOceanException e) when (e.StatusCode == 401)
        {
            _cmdlet.ThrowTerminatingError(ErrorRecords.From(e));
        }
        catch (DigitalOceanException) { /* not the token's fault: the work itself will say */ }
    }

    /// <summary>The client, created on first use. Its exchanges go to the debug stream of the running work.</summary>
    public DigitalOceanClient Api
    {
        get
        {
            if (_client != null) return _client;
            ApiCredentials credentials;
            try { credentials = Credentials(); }
            catch (Exception e) when (e is MissingTokenException || e is ArgumentException)
            {
                _cmdlet.ThrowTerminatingError(ErrorRecords.From(e));
                throw; // not reached
            }
            return Connect(credentials);
        }
    }

    /// <summary>The client when a token is at hand; null otherwise (for work that can go on without the API).</summary>
    public DigitalOceanClient? OptionalApi
    {
        get
        {
            if (_client != null) return _client;
            try { return Connect(Credentials()); }
            catch (Exception e) when (e is MissingTokenException || e is ArgumentException) { return null; }
        }
    }

    private ApiCredentials Credentials()
    {
        var token = _token();
        return ApiCredentials.Resolve(token is null ? null : new NetworkCredential("", token).Password, Environment.GetEnvironmentVariable);
    }

    private DigitalOceanClient Connect(ApiCredentials credentials)
    {
        _cmdlet.WriteVerbose($"DigitalOcean API {credentials.BaseUrl} (token from {credentials.TokenSource}).");
        _client = new DigitalOceanClient(credentials);
        _client.Connection.Trace = line => _traceTo?.Debug(line);
        _client.Connection.Notice = line => _traceTo?.Warning(line);
        return _client;
    }

    /// <summary>
    /// Like <see cref="SwarmCmdlet.RunOffPipeline{T}"/>, with the client ready and its trace sent to the debug
    /// stream. An engine failure ends the cmdlet with its stable error id (the cmdlet's
    /// <see cref="SwarmCmdlet.TerminatingRecord"/>); per-item failures must be caught inside <paramref name="work"/>.
    /// </summary>
    public T RunOffPipeline<T>(Func<DigitalOceanClient, OutputQueue, CancellationToken, Task<T>> work)
    {
        var api = Api;
        try
        {
            return _cmdlet.RunOffPipeline((queue, ct) =>
            {
                _traceTo = queue;
                return work(api, queue, ct);
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            _cmdlet.ThrowTerminatingError(_cmdlet.TerminatingRecordOf(e));
            throw; // not reached
        }
    }

    public void Dispose() => _client?.Dispose();
}
