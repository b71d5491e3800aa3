using System.Text.RegularExpressions;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// Docker's rule for a stack's names: each service is named stack_service, and swarmkit takes a
/// service name only as a DNS label component: a letter or digit first, then letters, digits, '-'
/// and '_', at most 63 characters. Checked here so a bad name is refused before anything is sent.
/// </summary>
public static class StackName
{
    public const int MaxServiceName = 63;
    private static readonly Regex Valid = new Regex("^[a-zA-Z0-9](?:[-_]*[a-zA-Z0-9]+)*$");

    /// <summary>The label Docker puts on everything of a stack: its services, networks, configs, secrets, tasks.</summary>
    public const string NamespaceLabel = "com.docker.stack.namespace";

    public static void Validate(string name)
    {
        if (!Valid.IsMatch(name ?? "") || name!.Length >= MaxServiceName)
            throw new SwarmToolsException(ErrorIds.StackNameInvalid, FailureKind.InvalidArgument,
                $"'{name}' is not a stack name Docker takes: start with a letter or digit, then letters, digits, '-' or '_' (no '.', no spaces), shorter than {MaxServiceName} characters. Nothing was sent.", name);
    }

    /// <summary>Refuses a compose service whose swarm name (stack_service) Docker would refuse.</summary>
    public static void ValidateService(string stack, string service)
    {
        var full = stack + "_" + service;
        if (!Valid.IsMatch(service) || full.Length > MaxServiceName)
            throw new SwarmToolsException(ErrorIds.ComposeFileInvalid, FailureKind.InvalidArgument,
                $"The service '{service}' would be named '{full}', which Docker refuses: service names are letters, digits, '-' and '_' (a letter or digit first, no '.'), at most {MaxServiceName} characters with the stack's name. Rename it in the compose file. Nothing was sent.", service);
    }

    /// <summary>A stack's service name without the stack's prefix ("web_app" in stack "web": "app").</summary>
    public static string ShortName(string stack, string service) =>
        stack.Length > 0 && service.StartsWith(stack + "_", System.StringComparison.Ordinal) ? service.Substring(stack.Length + 1) : service;
}
