using System.Net;
using Microsoft.Extensions.Logging.Console;
using SwarmTools.Sandbox.Droplets;
using SwarmTools.Sandbox.Endpoints;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Firewalls;
using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.Middleware;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox;

/// <summary>Wires services, the middleware order and the routes.</summary>
public static class SandboxApp
{
    public static WebApplication Build(SandboxOptions options, string token, IDropletHosts hosts)
    {
        // Our own args are not configuration: nothing from argv reaches the host builder.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

        // stdout carries exactly one line (the ready line); only errors are logged, to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(new TokenBook(token, options.TokenScopes));
        services.AddSingleton(hosts);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new ReferenceData(options.DropletLimit));
        services.AddSingleton<SandboxUrls>();
        services.AddSingleton<SandboxState>();
        services.AddSingleton<WireMapper>();
        services.AddSingleton<FaultBook>();
        services.AddSingleton(new RequestJournal(Environment.GetEnvironmentVariable(RequestJournal.ExchangeLogVariable)));
        services.AddSingleton<RateWindows>();
        services.AddSingleton<DropletLifecycle>();
        services.AddSingleton<DropletPower>();
        services.AddSingleton<DropletCreator>();
        services.AddSingleton<FirewallSettler>();
        services.AddSingleton<CloudFirewallEnforcer>();
        services.AddHostedService(provider => provider.GetRequiredService<CloudFirewallEnforcer>());

        var app = builder.Build();

        // Order matters: id first (every answer carries it), auth before the journal (nothing an
        // unauthenticated caller sends is kept) and before counting (401s are not counted), the
        // journal sees the final answer, scopes are checked on counted requests (a 403 is counted,
        // as by the service), faults only hit admitted requests.
        app.Use((context, next) =>
        {
            RequestIds.Assign(context);
            return next(context);
        });
        app.UseMiddleware<BearerAuth>();
        app.UseMiddleware<RequestLog>();
        app.UseMiddleware<ServerErrorBoundary>();
        app.UseMiddleware<RateLimiter>();
        app.UseMiddleware<ScopeCheck>();
        app.UseWhen(context => ApiPaths.IsApi(context.Request.Path), api => api.UseMiddleware<FaultInjector>());

        app.MapAccount();
        app.MapCatalog();
        app.MapDroplets();
        app.MapActions();
        app.MapDropletActions();
        app.MapKeys();
        app.MapTags();
        app.MapFirewalls();
        app.MapLoadBalancers();
        app.MapControl();
        app.MapFallback((HttpContext context) => ApiErrors.NotFound(context));
        return app;
    }
}
