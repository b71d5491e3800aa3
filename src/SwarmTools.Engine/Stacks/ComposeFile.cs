using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// What the module reads of a compose file before sending it: that it is YAML with services, their
/// names and images, and that it needs no other file of this machine (only the compose file reaches
/// the manager). Docker reads the rest; its own errors come back from the deploy.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(string text, IReadOnlyDictionary<string, string> images)
    {
        Text = text;
        Images = images;
    }

    /// <summary>The file as it is sent (on the manager's standard input).</summary>
    public string Text { get; }

    /// <summary>Each service's name (as in the file) and its image ("" when the file names none).</summary>
    public IReadOnlyDictionary<string, string> Images { get; }

    public IEnumerable<string> Services => Images.Keys;

    public static ComposeFile Load(string path, string stack)
    {
        if (!File.Exists(path))
            throw new SwarmToolsException(ErrorIds.ComposeFileNotFound, FailureKind.NotFound,
                Directory.Exists(path)
                    ? $"-Path '{path}' is a folder: give the compose file in it (for example {System.IO.Path.Combine(path, "compose.yml")}). Nothing was sent."
                    : $"There is no compose file at -Path '{path}'. Nothing was sent.", path);
        return Parse(File.ReadAllText(path), path, stack);
    }

    public static ComposeFile Parse(string text, string path, string stack)
    {
        var root = Root(text, path);
        if (!(Child(root, "services") is YamlMappingNode services) || services.Children.Count == 0)
            throw Invalid(path, "it has no services: a compose file lists them under 'services:', each a mapping (image: …)");
        var images = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in services.Children)
        {
            var name = ((entry.Key as YamlScalarNode)?.Value ?? "").Trim();
            if (!(entry.Value is YamlMappingNode service))
                throw Invalid(path, $"the service '{name}' (line {entry.Key.Start.Line}) is not a mapping");
            StackName.ValidateService(stack, name);
            if (Child(service, "build") != null) throw LocalFile(path, $"the service '{name}' has 'build:'; build the image on the nodes or push it to a registry, and name it with 'image:'");
            if (Child(service, "env_file") != null) throw LocalFile(path, $"the service '{name}' has 'env_file:'; put the variables under 'environment:'");
            images[name] = (Child(service, "image") as YamlScalarNode)?.Value ?? "";
        }
        foreach (var kind in new[] { "configs", "secrets" })
            if (Child(root, kind) is YamlMappingNode items)
                foreach (var item in items.Children.Where(i => i.Value is YamlMappingNode m && Child(m, "file") != null))
                    throw LocalFile(path, $"the {kind.TrimEnd('s')} '{(item.Key as YamlScalarNode)?.Value}' is read from a file ('file:'); create it on the swarm first and mark it 'external: true'");
        return new ComposeFile(text, images);
    }

    private static YamlMappingNode Root(string text, string path)
    {
        var yaml = new YamlStream();
        try { yaml.Load(new StringReader(text)); }
        catch (YamlException e) { throw Invalid(path, $"it is not YAML (line {e.Start.Line}, column {e.Start.Column}: {e.Message})"); }
        if (yaml.Documents.Count != 1 || !(yaml.Documents[0].RootNode is YamlMappingNode root))
            throw Invalid(path, "it is not a compose file: one YAML document, a mapping with 'services:'");
        return root;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static SwarmToolsException Invalid(string path, string why) =>
        new SwarmToolsException(ErrorIds.ComposeFileInvalid, FailureKind.InvalidArgument, $"The compose file {path} cannot be deployed: {why}. Nothing was sent.", path);

    private static SwarmToolsException LocalFile(string path, string why) =>
        new SwarmToolsException(ErrorIds.ComposeFileRefersToLocalFile, FailureKind.InvalidArgument,
            $"The compose file {path} needs a file of this machine, which the manager cannot read (only the compose file is sent): {why}. Nothing was sent.", path);
}
