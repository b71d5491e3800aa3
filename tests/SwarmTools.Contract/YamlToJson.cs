using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SwarmTools.Contract;

/// <summary>
/// Turns a YAML document into a <see cref="JsonNode"/> tree straight from the parser's event
/// stream: no object model in between, which keeps loading the 3 MB spec to about half a second once JIT-warm.
/// Plain scalars are typed by the YAML 1.2 core schema (the spec is emitted by a 1.2 tool), so
/// <c>on</c>, <c>yes</c> or <c>2020-07-21T18:37:44Z</c> stay strings.
/// </summary>
internal static partial class YamlToJson
{
    public static JsonNode? Convert(TextReader yaml)
    {
        var parser = new Parser(yaml);
        parser.Consume<StreamStart>();
        parser.Consume<DocumentStart>();
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var root = ReadNode(parser, anchors);
        parser.Consume<DocumentEnd>();
        return root;
    }

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
                throw Error(alias, $"unknown alias *{alias.Value}");
            return target?.DeepClone(); // a JsonNode can have only one parent
        }

        if (parser.Current is not NodeEvent start)
            throw new InvalidDataException($"YAML: expected a node, found {parser.Current}");
        var node = start switch
        {
            Scalar scalar => ReadScalar(parser, scalar),
            MappingStart => ReadMapping(parser, anchors),
            SequenceStart => ReadSequence(parser, anchors),
            _ => throw Error(start, $"unexpected {start.GetType().Name}"),
        };
        if (!start.Anchor.IsEmpty)
            anchors[start.Anchor.Value] = node;
        return node;
    }

    private static JsonNode? ReadScalar(IParser parser, Scalar scalar)
    {
        parser.MoveNext();
        // Quoted or explicitly tagged scalars are kept as strings; only plain ones are typed.
        bool isPlain = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty;
        return isPlain ? TypePlainScalar(scalar.Value) : JsonValue.Create(scalar.Value);
    }

    private static JsonObject ReadMapping(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        var start = parser.Consume<MappingStart>();
        var mapping = new JsonObject();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = parser.Consume<Scalar>();
            if (mapping.ContainsKey(key.Value))
                throw Error(key, $"duplicate key '{key.Value}' in mapping starting at {start.Start}");
            mapping[key.Value] = ReadNode(parser, anchors);
        }
        return mapping;
    }

    private static JsonArray ReadSequence(IParser parser, Dictionary<string, JsonNode?> anchors)
    {
        parser.Consume<SequenceStart>();
        var sequence = new JsonArray();
        while (!parser.TryConsume<SequenceEnd>(out _))
            sequence.Add(ReadNode(parser, anchors));
        return sequence;
    }

    private static JsonNode? TypePlainScalar(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long small))
                return JsonValue.Create(small);
            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal large))
                return JsonValue.Create(large);
        }
        if (FloatPattern().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
            return JsonValue.Create(real);
        return JsonValue.Create(text);
    }

    private static InvalidDataException Error(ParsingEvent at, string message) =>
        new($"YAML {at.Start}: {message}");

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
