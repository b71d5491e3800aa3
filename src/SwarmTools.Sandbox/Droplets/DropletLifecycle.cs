using System.Collections.Concurrent;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Droplets;

/// <summary>
/// Boot and destroy. A droplet stays `new` until both --boot-seconds have passed and its host
/// has booted; a failed boot (or a create-errors fault) errors the create action and the droplet
/// vanishes. Destroying cancels a boot in flight, waits for it to unwind, then tears the host
/// down — so the hosts never see a destroy racing a boot of the same droplet. A delete through
/// the API is asynchronous, as on DigitalOcean: the droplet goes --delete-seconds (or a
/// slow-delete fault's delay) after the 204, its host with it.
/// </summary>
public sealed class DropletLifecycle(SandboxState state, IDropletHosts hosts, SandboxOptions options, FaultBook faults)
{
    // Guards boot registration against a destroy of the same droplet arriving in between.
    private readonly object _gate = new();
    private readonly Dictionary<long, BootJob> _boots = [];
    private readonly ConcurrentDictionary<long, Lazy<Task>> _destroys = new();

    public void Start(SandboxDroplet droplet)
    {
        lock (_gate)
        {
            if (state.FindDroplet(droplet.Id) is null || _destroys.ContainsKey(droplet.Id))
                return;
            var cancel = new CancellationTokenSource();
            _boots[droplet.Id] = new BootJob(cancel, Task.Run(() => BootAsync(droplet, cancel.Token)));
        }
    }

    /// <summary>The API's delete: accepted at once, the droplet destroyed after the delete delay.</summary>
    public DeleteRequest RequestDestroy(long id)
    {
        var outcome = state.RequestDelete(id);
        if (outcome == DeleteRequest.Accepted)
        {
            var delay = faults.TakeDelay(FaultKind.SlowDelete) ?? options.DeleteDelay;
            _ = Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(delay);
                    await DestroyAsync(id);
                }
                catch (Exception e)
                {
                    await Console.Error.WriteLineAsync($"sandbox: deleting droplet {id} failed: {e.Message}");
                }
            });
        }
        return outcome;
    }

    /// <summary>At once (reset, shutdown). False if there is no such droplet. A second call while one runs awaits the same destroy.</summary>
    public async Task<bool> DestroyAsync(long id)
    {
        if (state.FindDroplet(id) is null && !_destroys.ContainsKey(id))
            return false;
        await _destroys.GetOrAdd(id, _ => new Lazy<Task>(() => DestroyCoreAsync(id))).Value;
        return true;
    }

    public Task DestroyAllAsync() => Task.WhenAll(state.ListDroplets().Select(d => DestroyAsync(d.Id)));

    private async Task BootAsync(SandboxDroplet droplet, CancellationToken ct)
    {
        try
        {
            var bootDelay = Task.Delay(options.BootDelay, ct);
            if (droplet.Faults.FailsCreate)
            {
                await bootDelay;
                state.FailCreate(droplet.Id);
                return;
            }
            await hosts.BootAsync(droplet, ct);
            await bootDelay;
            if (!droplet.Faults.StaysNew && state.Activate(droplet.Id))
                hosts.Activated(droplet);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Destroyed while booting: DestroyCoreAsync tears the host down.
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"sandbox: booting droplet {droplet.Id} ({droplet.Name}) failed: {e.Message}");
            state.FailCreate(droplet.Id);
            await DestroyHostAsync(droplet);
        }
    }

    private async Task DestroyCoreAsync(long id)
    {
        try
        {
            BootJob? boot;
            lock (_gate)
                _boots.Remove(id, out boot);
            if (boot is not null)
            {
                await boot.Cancel.CancelAsync();
                await boot.Task;
                boot.Cancel.Dispose();
            }
            if (state.FindDroplet(id) is { } droplet)
                await DestroyHostAsync(droplet);
            state.RemoveDroplet(id);
        }
        finally
        {
            _destroys.TryRemove(id, out _);
        }
    }

    // A host that will not go away is reported, but the droplet still leaves the API.
    private async Task DestroyHostAsync(SandboxDroplet droplet)
    {
        try
        {
            await hosts.DestroyAsync(droplet);
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"sandbox: destroying the host of droplet {droplet.Id} ({droplet.Name}) failed: {e.Message}");
        }
    }

    private sealed record BootJob(CancellationTokenSource Cancel, Task Task);
}
