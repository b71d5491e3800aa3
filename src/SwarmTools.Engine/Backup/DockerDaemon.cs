using System;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Backup;

/// <summary>
/// Stopping and starting Docker on a node for Docker's backup procedure. systemd hosts (every
/// DigitalOcean image) use systemctl; a host without systemd (the lab's) has its dockerd stopped
/// by signal and started directly. Both wait, bounded, until dockerd is gone or answers again.
/// </summary>
internal static class DockerDaemon
{
    // sd_booted(3): the directory exists only when systemd is the init system.
    private const string Systemd = "[ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1";

    /// <summary>Stops Docker (and its socket, which would start it again on the next docker command); waits up to 60 s for dockerd to end.</summary>
    public const string Stop =
        "if " + Systemd + "; then systemctl stop docker.socket 2>/dev/null; systemctl stop docker; else pkill -x dockerd; fi\n" +
        "i=0; while pgrep -x dockerd >/dev/null; do i=$((i+1)); [ $i -lt 300 ] || { echo 'dockerd did not stop within 60 s' >&2; exit 1; }; sleep 0.2; done";

    /// <summary>
    /// Starts Docker and waits up to 120 s until it answers. The direct start leaves the run's tag
    /// out of dockerd's environment: stopping an abandoned command must never take dockerd with it.
    /// </summary>
    public const string Start =
        "if " + Systemd + "; then systemctl start docker; elif ! pgrep -x dockerd >/dev/null; then env -u SWARMTOOLS_RUN setsid dockerd >>/var/log/docker.log 2>&1 </dev/null & fi\n" +
        "i=0; until docker info >/dev/null 2>&1; do i=$((i+1)); [ $i -lt 600 ] || { echo 'dockerd did not answer within 120 s' >&2; exit 1; }; sleep 0.2; done";

    /// <summary>How long Docker gets to stop, or to start and answer (the commands' own waits fit inside).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    /// <summary>Stops Docker on the node; a refusal names the node (DockerCommandFailed).</summary>
    public static async Task StopAsync(NodeShell host, CancellationToken ct)
    {
        var stop = await host.ChangeWithInputAsync(Stop, "stop Docker", null, Bound, ct).ConfigureAwait(false);
        if (stop.ExitCode != 0) throw host.CommandFailed("stop Docker", stop.StandardError);
    }

    /// <summary>
    /// Starts Docker again, with its own bound rather than the caller's token (Ctrl+C or not, Docker
    /// must run again); null once it answers, else why it did not start.
    /// </summary>
    public static async Task<string?> TryStartAsync(NodeShell host)
    {
        try
        {
            var start = await host.ChangeWithInputAsync(Start, "start Docker", null, Bound, CancellationToken.None).ConfigureAwait(false);
            return start.ExitCode == 0 ? null : start.StandardError.Trim();
        }
        catch (SwarmToolsException e) { return e.Message; }
    }
}
