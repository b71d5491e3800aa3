namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    private readonly Dictionary<string, SandboxLoadBalancer> _loadBalancers = [];

    /// <summary>Adds a load balancer with a public address of its own; null when the public range is exhausted.</summary>
    public SandboxLoadBalancer? AddLoadBalancer(Func<string, SandboxLoadBalancer> build)
    {
        lock (_gate)
        {
            if (_publicRange.Allocate() is not { } ip)
                return null;
            var loadBalancer = build(ip);
            _loadBalancers.Add(loadBalancer.Id, loadBalancer);
            return loadBalancer;
        }
    }

    public SandboxLoadBalancer? FindLoadBalancer(string id)
    {
        lock (_gate) return _loadBalancers.GetValueOrDefault(id.ToLowerInvariant());
    }

    public IReadOnlyList<SandboxLoadBalancer> ListLoadBalancers()
    {
        lock (_gate) return _loadBalancers.Values.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).ToList();
    }

    public bool DeleteLoadBalancer(string id)
    {
        lock (_gate) return DeleteLoadBalancerLocked(id);
    }

    private bool DeleteLoadBalancerLocked(string id)
    {
        if (!_loadBalancers.Remove(id.ToLowerInvariant(), out var gone))
            return false;
        _publicRange.Release(gone.Ip);
        return true;
    }

    /// <summary>Which of these load balancer ids do not exist (firewall rule sources).</summary>
    public IReadOnlyList<string> MissingLoadBalancers(IEnumerable<string> ids)
    {
        lock (_gate) return ids.Where(id => !_loadBalancers.ContainsKey(id.ToLowerInvariant())).Distinct().ToList();
    }
}
