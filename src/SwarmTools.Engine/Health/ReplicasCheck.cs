using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Services whose running replicas differ from the desired count (jobs aside: they are meant to end).</summary>
public sealed class ReplicasCheck : ISwarmCheck
{
    private static readonly Regex Replicas = new Regex(@"^(\d+)/(\d+)");

    public string Name => "Replicas";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var output = await context.Manager.ReadAsync("docker service ls --format '{{json .}}'", ct).ConfigureAwait(false);
        var services = output.Split('\n').Where(l => l.Trim().StartsWith("{", StringComparison.Ordinal)).Select(Parse)
            .Where(s => !s.Mode.EndsWith("-job", StringComparison.Ordinal)).ToList();
        var findings = services.Where(s => s.Running != s.Desired)
            .Select(s => context.Finding(Name, context.Swarm, CheckStatus.Fail,
                $"The service {s.Name} runs {s.Running} of {s.Desired} replica(s) ({s.Mode}).",
                $"See why its tasks do not run: {context.OnManager($"docker service ps --no-trunc {s.Name}")}"))
            .ToList();
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"Each of the {services.Count} service(s) runs its desired replicas."));
        return findings;
    }

    private static (string Name, string Mode, int Running, int Desired) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        string Text(string p) => doc.RootElement.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var replicas = Replicas.Match(Text("Replicas"));
        return (Text("Name"), Text("Mode"),
            replicas.Success ? int.Parse(replicas.Groups[1].Value) : 0,
            replicas.Success ? int.Parse(replicas.Groups[2].Value) : 0);
    }
}
