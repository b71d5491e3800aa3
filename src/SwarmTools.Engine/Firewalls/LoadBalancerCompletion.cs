using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Engine.Firewalls;

/// <summary>Tab completion of -FromLoadBalancer: the account's load balancers (id, with the name as tooltip), read within 3 s or not at all.</summary>
public static class LoadBalancerCompletion
{
    private static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(3);

    public static IReadOnlyList<(string Id, string Name)> List(ApiCredentials credentials)
    {
        using var cancel = new CancellationTokenSource(WaitAtMost);
        using var api = new DigitalOceanClient(credentials, new RetryPolicy { MaxAttempts = 1, RequestTimeout = WaitAtMost });
        try
        {
            return Task.Run(() => api.LoadBalancers.ListAsync(cancel.Token)).GetAwaiter().GetResult()
                .Select(l => (l.Id, l.Name)).ToList();
        }
        catch (Exception e) when (e is DigitalOceanException || e is OperationCanceledException)
        {
            return new List<(string, string)>();
        }
    }
}
