using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// Waits until a droplet that the API calls "active" can really be used:
/// SSH answers → cloud-init has finished → the Docker daemon answers. "active" comes before
/// SSH, SSH before cloud-init is done, and Docker can come last.
/// </summary>
public sealed class ReadinessProbe
{
    internal const string CloudInitCommand = "cloud-init status --wait";
    internal const string DockerCommand = "docker info --format '{{json .ServerVersion}}'";
    private const int CommandNotFound = 127;

    private readonly Func<CancellationToken, Task<IRemoteShell>> _connect;

    /// <param name="connect">Opens (or reuses) the node's shell, retrying while it boots.</param>
    public ReadinessProbe(Func<CancellationToken, Task<IRemoteShell>> connect)
    {
        _connect = connect ?? throw new ArgumentNullException(nameof(connect));
    }

    /// <summary>Pause between two "docker info" tries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Returns the Docker server version once the node is ready. <paramref name="progress"/>
    /// hears each step (called on the waiting thread: queue it to the pipeline thread).
    /// Throws <c>NodeNotReady</c> (Timeout) naming the step still pending when
    /// <paramref name="timeout"/> passes; cancelling <paramref name="ct"/> stops at once.
    /// </summary>
    public async Task<string> WaitAsync(string address, TimeSpan timeout, Action<string>? progress, CancellationToken ct)
    {
        if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout));
        var clock = Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var step = "SSH";
        string? lastSeen = null;
        TimeSpan Left() => timeout - clock.Elapsed > TimeSpan.FromSeconds(1) ? timeout - clock.Elapsed : TimeSpan.FromSeconds(1);
        try
        {
            progress?.Invoke($"{address}: waiting for SSH");
            var session = await _connect(stop.Token).ConfigureAwait(false);

            step = "cloud-init";
            progress?.Invoke($"{address}: SSH is up; waiting for cloud-init to finish");
            // No command timeout of its own: the probe's deadline bounds it and names the step.
            var init = await session.RunAsync(CloudInitCommand, null, Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
            if (init.ExitCode == CommandNotFound)
                progress?.Invoke($"{address}: no cloud-init on this host; not waiting for it");
            else if (init.ExitCode == 2) // cloud-init 23.4+: done, with recoverable errors
                progress?.Invoke($"{address}: cloud-init finished with recoverable errors (see 'cloud-init status --long')");
            else if (init.ExitCode != 0)
                throw new SwarmToolsException(ErrorIds.CloudInitFailed, FailureKind.InvalidOperation,
                    $"cloud-init failed on {address} (exit {init.ExitCode}): {Tail(init.StandardError, init.StandardOutput)} " +
                    $"See 'cloud-init status --long' and /var/log/cloud-init-output.log on the node (ssh root@{address}); the droplet may need to be recreated.", address);

            step = "Docker";
            progress?.Invoke($"{address}: waiting for Docker");
            while (true)
            {
                CommandResult docker;
                try
                {
                    var probeTimeout = Left() < TimeSpan.FromSeconds(30) ? Left() : TimeSpan.FromSeconds(30);
                    docker = await session.RunAsync(DockerCommand, null, probeTimeout, stop.Token).ConfigureAwait(false);
                }
                catch (SshTimeoutException e) when (!e.Connecting && !stop.IsCancellationRequested)
                {
                    lastSeen = "docker info did not answer";
                    continue;
                }
                if (docker.ExitCode == 0 && ParseVersion(docker.StandardOutput) is string version)
                {
                    progress?.Invoke($"{address}: ready (Docker {version})");
                    return version;
                }
                if (docker.ExitCode == CommandNotFound)
                    throw new SwarmToolsException(ErrorIds.DockerNotInstalled, FailureKind.InvalidOperation,
                        $"Docker is not installed on {address} although cloud-init has finished. Create the droplet from a Docker 1-Click image (New-SwarmNode picks the region's newest when -Image is left out), or install Docker in its user_data.", address);
                lastSeen = Tail(docker.StandardError, docker.StandardOutput);
                await Task.Delay(PollInterval, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw NotReady(address, step, timeout, lastSeen, null);
        }
        catch (SshTimeoutException e) when (e.Connecting)
        {
            throw NotReady(address, step, timeout, null, e);
        }
    }

    private static SwarmToolsException NotReady(string address, string step, TimeSpan timeout, string? lastSeen, Exception? inner) =>
        new SwarmToolsException(ErrorIds.NodeNotReady, FailureKind.Timeout,
            $"{address} was not ready within {SshErrors.Describe(timeout)}: still waiting for {step}" +
            (lastSeen is null ? "" : $" (last answer: {lastSeen})") + (inner is null ? "" : $" ({inner.Message})") +
            ". The droplet may still be booting; try again with a longer timeout, or look at it with: ssh root@" + address, address, inner);

    /// <summary>docker prints the version as a JSON string: "24.0.7".</summary>
    internal static string? ParseVersion(string output)
    {
        var t = output.Trim();
        if (t.Length >= 2 && t[0] == '"' && t[t.Length - 1] == '"') t = t.Substring(1, t.Length - 2);
        return t.Length == 0 || t.IndexOfAny(new[] { '"', '\n', ' ' }) >= 0 ? null : t;
    }

    private static string Tail(string first, string second)
    {
        var text = (first.Trim().Length > 0 ? first : second).Trim().Replace('\n', ' ');
        return text.Length <= 200 ? (text.Length == 0 ? "no output" : text) : "…" + text.Substring(text.Length - 200);
    }
}
