using System;

namespace SwarmTools.Engine.Maintenance;

/// <summary>A maintenance step failed on a node (MaintenanceStepFailed): a type of its own, because it passes through the step's wrapping as it is.</summary>
public sealed class MaintenanceStepFailedException : SwarmToolsException
{
    public MaintenanceStepFailedException(string message, string node, Exception? inner = null)
        : base(ErrorIds.MaintenanceStepFailed, FailureKind.InvalidOperation, message, node, inner) { }
}
