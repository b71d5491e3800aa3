using System.Management.Automation;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Infrastructure;

/// <summary>A tag the API accepts (letters, digits, ':', '-', '_'; at most 255), refused while binding, before any work.</summary>
public sealed class ValidateTagAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is string tag)
        {
            try { NodeNames.CheckTag(tag); }
            catch (SwarmToolsException e) { throw new ValidationMetadataException(e.Message); }
        }
    }
}

/// <summary>A file path that is not a folder (and, with <see cref="MustExist"/>, a file that exists), refused while binding, before any work.</summary>
public sealed class ValidateFilePathAttribute : ValidateArgumentsAttribute
{
    /// <summary>The file is read, never created: it must exist.</summary>
    public bool MustExist { get; set; }

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is not string path || path.Length == 0) return;
        var resolved = engineIntrinsics.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (System.IO.Directory.Exists(resolved))
            throw new ValidationMetadataException($"'{path}' is a folder; give the path of a file.");
        if (MustExist && !System.IO.File.Exists(resolved))
            throw new ValidationMetadataException($"There is no file '{path}'.");
    }
}

/// <summary>A time span greater than zero (a wait or a deadline), refused while binding otherwise.</summary>
public sealed class ValidatePositiveTimeSpanAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is System.TimeSpan span && span <= System.TimeSpan.Zero)
            throw new ValidationMetadataException($"{span} is not a time to wait: give a time greater than zero, e.g. 00:05:00.");
    }
}

/// <summary>Swarm label names as Docker takes them: not empty, no whitespace, no '=' (for a hashtable, its keys).</summary>
public sealed class ValidateLabelNameAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var names = arguments switch
        {
            System.Collections.IDictionary table => System.Linq.Enumerable.Select(System.Linq.Enumerable.Cast<object>(table.Keys), k => k?.ToString() ?? ""),
            string one => new[] { one },
            System.Collections.IEnumerable many => System.Linq.Enumerable.Select(System.Linq.Enumerable.Cast<object>(many), k => k?.ToString() ?? ""),
            _ => new[] { arguments?.ToString() ?? "" },
        };
        foreach (var name in names)
            if (name.Length == 0 || name.Contains('=') || System.Linq.Enumerable.Any(name, char.IsWhiteSpace))
                throw new ValidationMetadataException($"'{name}' is not a label name: use no spaces and no '='.");
    }
}
