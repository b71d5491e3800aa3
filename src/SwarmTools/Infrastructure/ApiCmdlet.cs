using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that only call the API: the -Token parameter and one client per
/// invocation. Cmdlets that reach nodes over SSH too derive from <see cref="DigitalOceanCmdlet"/>;
/// those that only use SSH from <see cref="SshCmdlet"/>, and have no -Token.
/// </summary>
public abstract class ApiCmdlet : SwarmCmdlet
{
    private DigitalOceanClient? _client;
    private OutputQueue? _traceTo;

    /// <summary>The DigitalOcean API token (a personal access token), as a SecureString. It never appears in any output, error or log.</summary>
    /// <value>$env:DIGITALOCEAN_TOKEN, then $env:DIGITALOCEAN_ACCESS_TOKEN</value>
    [Parameter]
    public SecureString? Token { get; set; }

    /// <summary>
    /// A token given with -Token is checked before any work, so a wrong one is refused at once
    /// (ApiUnauthorized), not after the nodes were already worked on. A token that lacks only
    /// account:read is let through (its scopes are checked where they are used).
    /// </summary>
    protected override void BeginProcessing()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Token))) return;
        var api = Api;
        try { RunOffPipeline((queue, ct) => api.Account.GetAsync(ct)); }
        catch (DigitalOceanException e) when (e.StatusCode == 401)
        {
            ThrowTerminatingError(ToErrorRecord(e));
        }
        catch (DigitalOceanException) { /* not the token's fault: the work itself will say */ }
    }

    /// <summary>The client, created on first use. Its exchanges go to the debug stream of the running work.</summary>
    protected DigitalOceanClient Api
    {
        get
        {
            if (_client != null) return _client;
            ApiCredentials credentials;
            try { credentials = Credentials(); }
            catch (Exception e) when (e is MissingTokenException || e is ArgumentException)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw; // not reached
            }
            return Connect(credentials);
        }
    }

    /// <summary>The client when a token is at hand; null otherwise (for work that can go on without the API).</summary>
    protected DigitalOceanClient? OptionalApi
    {
        get
        {
            if (_client != null) return _client;
            try { return Connect(Credentials()); }
            catch (Exception e) when (e is MissingTokenException || e is ArgumentException) { return null; }
        }
    }

    private ApiCredentials Credentials() =>
        ApiCredentials.Resolve(Token is null ? null : new NetworkCredential("", Token).Password, Environment.GetEnvironmentVariable);

    private DigitalOceanClient Connect(ApiCredentials credentials)
    {
        WriteVerbose($"DigitalOcean API {credentials.BaseUrl} (token from {credentials.TokenSource}).");
        _client = new DigitalOceanClient(credentials);
        _client.Connection.Trace = line => _traceTo?.Debug(line);
        _client.Connection.Notice = line => _traceTo?.Warning(line);
        return _client;
    }

    /// <summary>
    /// Like <see cref="SwarmCmdlet.RunOffPipeline{T}"/>, with the client ready and its trace sent to the debug
    /// stream. An engine failure ends the cmdlet with its stable error id; per-item failures
    /// must be caught inside <paramref name="work"/>.
    /// </summary>
    protected T RunApiOffPipeline<T>(Func<DigitalOceanClient, OutputQueue, System.Threading.CancellationToken, System.Threading.Tasks.Task<T>> work)
    {
        var api = Api;
        try
        {
            return RunOffPipeline((queue, ct) =>
            {
                _traceTo = queue;
                return work(api, queue, ct);
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            ThrowTerminatingError(TerminatingRecord(e));
            throw; // not reached
        }
    }

    /// <summary>The record a failure that ends the cmdlet becomes; a cmdlet that leaves things behind adds what they are.</summary>
    protected virtual ErrorRecord TerminatingRecord(Exception e) => ToErrorRecord(e);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _client?.Dispose();
        base.Dispose(disposing);
    }
}
