using System;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Commands;

namespace SwarmTools;

/// <summary>A running local sandbox, as Start-SwarmSandbox returns it. Its token is not a property.</summary>
public sealed class SwarmSandbox
{
    internal SwarmSandbox(SandboxServer server, string? previousUrl, string? previousToken)
    {
        Server = server;
        PreviousUrl = previousUrl;
        PreviousToken = previousToken;
    }

    internal SandboxServer Server { get; }
    internal string? PreviousUrl { get; }
    internal string? PreviousToken { get; }

    public Uri ApiUrl => Server.ApiUrl;
    public int ProcessId => Server.ProcessId;
    /// <summary>Lab (droplets boot as real hosts) or Api (droplets exist in the API only).</summary>
    public SandboxMode Mode => Server.Options.Mode;
    public double BootSeconds => Server.Options.BootSeconds;
    public int DropletLimit => Server.Options.DropletLimit;
    public int RatePerMinute => Server.Options.RatePerMinute;
    public DateTimeOffset StartedAt => Server.StartedAt;
    public bool Running => !Server.HasExited;

    public override string ToString() => ApiUrl.ToString();
}
