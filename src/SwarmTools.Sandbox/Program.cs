using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SwarmTools.Sandbox;
using SwarmTools.Sandbox.Droplets;
using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.Http;

// Process contract: options on argv, token in SWARMTOOLS_SANDBOX_TOKEN, one ready line on
// stdout, exit on stdin EOF or SIGTERM/Ctrl+C after destroying every droplet through the hosts.
// Started by the module it has a session of its own (TerminalDetach): a Ctrl+C in the user's
// terminal does not reach it.
TerminalDetach.IfAsked();

SandboxOptions options;
try
{
    options = SandboxOptions.Parse(args);
}
catch (SandboxStartupException e)
{
    Console.Error.WriteLine($"sandbox: {e.Message}");
    return 2;
}

var token = Environment.GetEnvironmentVariable(SandboxOptions.TokenVariable);
if (string.IsNullOrWhiteSpace(token))
{
    Console.Error.WriteLine($"sandbox: set {SandboxOptions.TokenVariable} to the bearer token clients must present.");
    return 2;
}

// Last of the checks: in lab mode this builds the lab network, which must then be removed on every way out.
IDropletHosts hosts;
try
{
    hosts = await DropletHostsFactory.CreateAsync(options);
}
catch (SandboxStartupException e)
{
    Console.Error.WriteLine($"sandbox: {e.Message}");
    return 2;
}

var app = SandboxApp.Build(options, token, hosts);
try
{
    await app.StartAsync();
}
catch (IOException e)
{
    Console.Error.WriteLine($"sandbox: cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
    await ReleaseAsync(hosts);
    return 2;
}

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var port = new Uri(address).Port;
var urls = app.Services.GetRequiredService<SandboxUrls>();
urls.SetBound(port);
Console.Out.WriteLine($"SWARMTOOLS_SANDBOX_READY {urls.BaseUrl}");
Console.Out.Flush();

var stopping = new TaskCompletionSource();
app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
await Task.WhenAny(ShutdownSignals.StdinClosedAsync(), stopping.Task);

await app.StopAsync();
await app.Services.GetRequiredService<DropletLifecycle>().DestroyAllAsync();
await app.DisposeAsync();
await ReleaseAsync(hosts);
return 0;

// The hosts were handed in, not made by the container, so they are released here (lab bridges etc.).
static async Task ReleaseAsync(IDropletHosts hosts)
{
    if (hosts is IAsyncDisposable asyncDisposable)
        await asyncDisposable.DisposeAsync();
    else if (hosts is IDisposable disposable)
        disposable.Dispose();
}
