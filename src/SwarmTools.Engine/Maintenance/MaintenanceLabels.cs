using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Maintenance;

/// <summary>
/// The node labels that mark a maintenance run's progress, so that a run stopped by a failure or
/// Ctrl+C carries on where it stopped: the next step of a node (or "done"), and the availability
/// the node had before it was drained. A finished run removes them from every node.
/// </summary>
public static class MaintenanceLabels
{
    public const string Step = "swarmtools.maintenance";
    public const string Availability = "swarmtools.maintenance.availability";
    public const string Done = "done";

    /// <summary>The label's word for a step: drain, command, reboot, waitready, restore, verify.</summary>
    public static string Word(MaintenanceStep step) => step.ToString().ToLowerInvariant();

    public static string? Value(SwarmMember member, string label) =>
        member.Labels.Where(l => l.StartsWith(label + "=", StringComparison.Ordinal)).Select(l => l.Substring(label.Length + 1)).FirstOrDefault();

    public static bool IsMarked(SwarmMember member) => Value(member, Step) != null;

    public static bool IsDone(SwarmMember member) => Value(member, Step) == Done;

    /// <summary>The step a marked node stopped at; null when it is not marked, or done.</summary>
    public static MaintenanceStep? StoppedAt(SwarmMember member) =>
        Value(member, Step) is { } word && word != Done && Enum.TryParse<MaintenanceStep>(word, ignoreCase: true, out var step) ? step : null;

    /// <summary>What the node had before it was drained, as recorded by the run that drained it; else what it has now.</summary>
    public static NodeAvailability Before(SwarmMember member) =>
        Value(member, Availability) is { } word && Enum.TryParse<NodeAvailability>(word, ignoreCase: true, out var a) ? a : member.Availability;

    public static IReadOnlyList<string> Names { get; } = new[] { Step, Availability };
}
