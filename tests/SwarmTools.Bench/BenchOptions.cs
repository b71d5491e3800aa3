using System.Globalization;

namespace SwarmTools.Bench;

/// <summary>Command-line options: `--name value`.</summary>
public sealed record BenchOptions
{
    public string ModuleFolder { get; init; } = "out/SwarmTools";
    public string ReportFolder { get; init; } = "out/bench";
    public double BootSeconds { get; init; } = 20;
    public double SshdDelaySeconds { get; init; } = 5;
    public double DockerdDelaySeconds { get; init; } = 3;
    public IReadOnlyList<int> LabSizes { get; init; } = [3, 10, 25];
    public IReadOnlyList<int> ScaleSizes { get; init; } = [50, 100, 250];
    /// <summary>False (--sequential no): the pipeline only, for profiling; no ratios are reported.</summary>
    public bool Sequential { get; init; } = true;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            o = args[i] switch
            {
                "--module" => o with { ModuleFolder = value },
                "--report" => o with { ReportFolder = value },
                "--boot-seconds" => o with { BootSeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--sshd-delay" => o with { SshdDelaySeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--dockerd-delay" => o with { DockerdDelaySeconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--lab" => o with { LabSizes = Sizes(value) },
                "--scale" => o with { ScaleSizes = Sizes(value) },
                "--sequential" => o with { Sequential = value != "no" },
                _ => throw new BenchFailure($"Unknown option {args[i]}."),
            };
        }
        return o;
    }

    private static int[] Sizes(string value) =>
        value.Length == 0 || value == "none" ? [] : value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
