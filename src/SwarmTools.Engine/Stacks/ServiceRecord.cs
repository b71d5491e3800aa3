using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Stacks;

/// <summary>A port a service publishes: what the firewall warning compares with the kept policy.</summary>
public sealed class PublishedPort
{
    public PublishedPort(int port, int target, string protocol, string mode)
    {
        Port = port;
        Target = target;
        Protocol = protocol;
        Mode = mode;
    }

    public int Port { get; }
    public int Target { get; }
    /// <summary>tcp, udp or sctp.</summary>
    public string Protocol { get; }
    /// <summary>ingress (the routing mesh) or host.</summary>
    public string Mode { get; }

    public override string ToString() => Mode == "host" ? $"{Port}->{Target}/{Protocol} (host)" : $"*:{Port}->{Target}/{Protocol}";
}

/// <summary>
/// One service as the engine sees it: the user's <see cref="SwarmService"/>, plus its spec as JSON
/// (compared before and after a deploy) and the times that tell whether an update is its own.
/// </summary>
public sealed class ServiceRecord
{
    private static readonly Regex Replicas = new Regex(@"^(\d+)/(\d+)");

    public SwarmService Service { get; }
    /// <summary>Spec as Docker returned it, re-serialized: equal text, equal spec.</summary>
    public string Spec { get; }
    /// <summary>Spec.TaskTemplate: when it changes, the swarm rolls the tasks over (an update with its own UpdateStatus).</summary>
    public string TaskTemplate { get; }
    public DateTimeOffset? UpdatedAt { get; }
    public DateTimeOffset? UpdateStartedAt { get; }
    public IReadOnlyList<PublishedPort> Published { get; }
    /// <summary>The image the stack's compose file named (com.docker.stack.image); "" for a service not from a stack.</summary>
    public string StackImage { get; }

    private ServiceRecord(SwarmService service, string spec, string taskTemplate, DateTimeOffset? updatedAt, DateTimeOffset? updateStartedAt, IReadOnlyList<PublishedPort> published, string stackImage)
    {
        Service = service;
        Spec = spec;
        TaskTemplate = taskTemplate;
        UpdatedAt = updatedAt;
        UpdateStartedAt = updateStartedAt;
        Published = published;
        StackImage = stackImage;
    }

    public string Name => Service.Name;

    /// <summary>
    /// Joins `docker service ls --format '{{json .}}'` (the replicas: running/desired) with
    /// `docker service inspect --format '{{json .}}'` (spec, labels, update status), by id.
    /// A service listed by one read but not the other (it came or went between them) is left out.
    /// </summary>
    public static List<ServiceRecord> Parse(IEnumerable<string> lsLines, IEnumerable<string> inspectLines)
    {
        var replicas = new Dictionary<string, (int Running, int Desired)>(StringComparer.Ordinal);
        foreach (var line in JsonLines(lsLines))
        {
            using var doc = JsonDocument.Parse(line);
            var m = Replicas.Match(Text(doc.RootElement, "Replicas"));
            replicas[Text(doc.RootElement, "ID")] = m.Success
                ? (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))
                : (0, 0);
        }
        var records = new List<ServiceRecord>();
        foreach (var line in JsonLines(inspectLines))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = Text(root, "ID");
            var shortId = replicas.Keys.FirstOrDefault(k => id.StartsWith(k, StringComparison.Ordinal));
            if (shortId is null) continue;
            records.Add(FromInspect(root, replicas[shortId]));
        }
        return records.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    private static ServiceRecord FromInspect(JsonElement root, (int Running, int Desired) replicas)
    {
        var spec = root.GetProperty("Spec");
        var labels = spec.TryGetProperty("Labels", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        var taskTemplate = spec.TryGetProperty("TaskTemplate", out var t) ? t : default;
        var image = taskTemplate.ValueKind == JsonValueKind.Object && taskTemplate.TryGetProperty("ContainerSpec", out var c) ? Text(c, "Image") : "";
        var update = root.TryGetProperty("UpdateStatus", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
        var published = Ports(spec, root);
        var service = new SwarmService
        {
            Id = Text(root, "ID"),
            Name = Text(spec, "Name"),
            Stack = labels.ValueKind == JsonValueKind.Object ? Text(labels, StackName.NamespaceLabel) : "",
            Mode = Mode(spec),
            Running = replicas.Running,
            Desired = replicas.Desired,
            // As docker service ls shows it: the digest Docker pinned is left out.
            Image = image.Split('@')[0],
            Ports = published.Select(p => p.ToString()).ToArray(),
            UpdateState = update.ValueKind == JsonValueKind.Object ? Text(update, "State") : "",
            UpdateMessage = update.ValueKind == JsonValueKind.Object ? Text(update, "Message") : "",
            Version = root.TryGetProperty("Version", out var v) && v.TryGetProperty("Index", out var i) && i.TryGetUInt64(out var index) ? index : 0,
        };
        return new ServiceRecord(service, spec.GetRawText(), taskTemplate.ValueKind == JsonValueKind.Undefined ? "" : taskTemplate.GetRawText(),
            Time(root, "UpdatedAt"), update.ValueKind == JsonValueKind.Object ? Time(update, "StartedAt") : null, published,
            labels.ValueKind == JsonValueKind.Object ? Text(labels, "com.docker.stack.image") : "");
    }

    private static string Mode(JsonElement spec)
    {
        if (!spec.TryGetProperty("Mode", out var mode) || mode.ValueKind != JsonValueKind.Object) return "";
        foreach (var p in mode.EnumerateObject())
            switch (p.Name)
            {
                case "Replicated": return "replicated";
                case "Global": return "global";
                case "ReplicatedJob": return "replicated-job";
                case "GlobalJob": return "global-job";
            }
        return "";
    }

    /// <summary>The ports the spec asks for (host-mode ports of a dnsrr service appear only there), else those the endpoint holds.</summary>
    private static List<PublishedPort> Ports(JsonElement spec, JsonElement root)
    {
        JsonElement ports = default;
        if (spec.TryGetProperty("EndpointSpec", out var es) && es.TryGetProperty("Ports", out var sp) && sp.ValueKind == JsonValueKind.Array) ports = sp;
        else if (root.TryGetProperty("Endpoint", out var ep) && ep.TryGetProperty("Ports", out var epp) && epp.ValueKind == JsonValueKind.Array) ports = epp;
        if (ports.ValueKind != JsonValueKind.Array) return new List<PublishedPort>();
        return ports.EnumerateArray()
            .Where(p => p.TryGetProperty("PublishedPort", out var pp) && pp.GetInt32() > 0)
            .Select(p => new PublishedPort(p.GetProperty("PublishedPort").GetInt32(),
                p.TryGetProperty("TargetPort", out var tp) ? tp.GetInt32() : 0,
                Text(p, "Protocol") is var proto && proto.Length > 0 ? proto : "tcp",
                Text(p, "PublishMode") is var mode && mode.Length > 0 ? mode : "ingress"))
            .ToList();
    }

    internal static IEnumerable<string> JsonLines(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.StartsWith("{", StringComparison.Ordinal));

    internal static string Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static DateTimeOffset? Time(JsonElement e, string property) =>
        DateTimeOffset.TryParse(Text(e, property), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : (DateTimeOffset?)null;
}
