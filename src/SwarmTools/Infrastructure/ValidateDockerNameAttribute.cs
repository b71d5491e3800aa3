using System.Management.Automation;
using System.Text.RegularExpressions;

namespace SwarmTools.Infrastructure;

/// <summary>
/// A stack, service or node name as Docker spells them (letters, digits, '-', '_'; '.' in hostnames),
/// refused while binding, before any work: such a name also goes into a command on a manager.
/// </summary>
public sealed class ValidateDockerNameAttribute : ValidateEnumeratedArgumentsAttribute
{
    /// <summary>Wildcards (*, ?, [ ]) allowed: the name is a pattern (Get-* -Name).</summary>
    public bool Wildcards { get; set; }

    /// <summary>'.' allowed: hostnames and node ids.</summary>
    public bool Dots { get; set; }

    /// <summary>Each name of an array alike.</summary>
    protected override void ValidateElement(object element)
    {
        if (element is not string name) return;
        // '-' last: anywhere else in the class it would make a range.
        var chars = "a-zA-Z0-9_" + (Dots ? "." : "") + (Wildcards ? @"*?\[\]" : "") + "-";
        if (!Regex.IsMatch(name, $"^[{chars}]{{1,255}}$"))
            throw new ValidationMetadataException($"'{name}' is not a name Docker gives: letters, digits, '-' and '_'{(Dots ? ", '.'" : "")}{(Wildcards ? ", and the wildcards * ? [ ]" : "")}.");
    }
}
