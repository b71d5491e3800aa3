using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace SwarmTools.Engine.Stacks;

/// <summary>Tasks as `docker service ps --no-trunc --format '{{json .}}'` (or `docker node ps`) prints them, one JSON per line.</summary>
public static class TaskRecord
{
    /// <summary>docker's table marks an earlier task of the same slot with this; its JSON does not.</summary>
    private const string HistoryMark = "\\_";

    public static List<SwarmTask> Parse(IEnumerable<string> lines)
    {
        var tasks = new List<SwarmTask>();
        // docker lists each slot's tasks newest first: a name seen before is an earlier task of that slot.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in ServiceRecord.JsonLines(lines))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var name = ServiceRecord.Text(root, "Name").Trim();
            if (name.StartsWith(HistoryMark, StringComparison.Ordinal)) name = name.Substring(HistoryMark.Length).Trim();
            var history = !seen.Add(name);
            var state = ServiceRecord.Text(root, "CurrentState").Trim();
            tasks.Add(new SwarmTask
            {
                Id = ServiceRecord.Text(root, "ID"),
                Name = name,
                // Service names hold no '.': the task is service.slot or service.node-id.
                Service = name.Split('.')[0],
                Image = ServiceRecord.Text(root, "Image").Split('@')[0],
                Node = ServiceRecord.Text(root, "Node"),
                DesiredState = ServiceRecord.Text(root, "DesiredState"),
                CurrentState = state.Split(' ')[0],
                CurrentStateSince = state,
                // docker quotes the error for its table: the words alone.
                Error = ServiceRecord.Text(root, "Error").Trim().Trim('"'),
                Ports = ServiceRecord.Text(root, "Ports").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Distinct().ToArray(),
                IsHistory = history,
            });
        }
        return tasks;
    }
}
