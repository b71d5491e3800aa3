using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// Names what keeps a service from converging, from its tasks' errors in Docker's own words: an
/// image that cannot be had, a host-mode port taken, no node that meets its placement, or tasks
/// that fail otherwise. Each has its stable error id.
/// </summary>
public static class TaskFailure
{
    private static readonly string[] ImageWords = { "No such image", "pull access denied", "manifest unknown", "repository does not exist", "not found: manifest", "failed to resolve reference", "image not found" };

    /// <summary>The error id for one task's error.</summary>
    public static string Classify(string error)
    {
        if (error.IndexOf("port", StringComparison.OrdinalIgnoreCase) >= 0 && error.IndexOf("already", StringComparison.OrdinalIgnoreCase) >= 0)
            return ErrorIds.StackPortInUse;
        if (error.IndexOf("no suitable node", StringComparison.OrdinalIgnoreCase) >= 0)
            return ErrorIds.StackNoSuitableNode;
        if (ImageWords.Any(w => error.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0))
            return ErrorIds.StackImageUnavailable;
        return ErrorIds.StackTaskFailed;
    }

    /// <summary>One exception for the failing tasks of a stack: the id of the first failure, every task named with its error.</summary>
    public static SwarmToolsException For(string stack, IReadOnlyList<SwarmTask> failing)
    {
        var id = Classify(failing[0].Error);
        var what = id == ErrorIds.StackImageUnavailable ? "an image cannot be had on the nodes: build or push it, or correct its name"
            : id == ErrorIds.StackPortInUse ? "a port it publishes is already taken on the node: free it or publish another"
            : id == ErrorIds.StackNoSuitableNode ? "no node meets its placement: check its constraints, resources and host-mode ports"
            : "its tasks keep failing";
        var tasks = failing.GroupBy(t => t.Service).SelectMany(g => g.Take(3))
            .Select(t => $"{t.Name} ({t.Id.Substring(0, Math.Min(12, t.Id.Length))}{(t.Node.Length > 0 ? " on " + t.Node : "")}, {t.CurrentState}): {t.Error}");
        var services = string.Join(", ", failing.Select(t => t.Service).Distinct());
        return new SwarmToolsException(id, FailureKind.InvalidOperation,
            $"The stack {stack} does not converge: {what}. Failing tasks: {string.Join("; ", tasks)}. " +
            $"The stack stays deployed and Docker keeps trying; fix the compose file and run Deploy-SwarmStack again, or see Get-SwarmTask -Service {services}.", stack);
    }
}
