using System.Globalization;
using SwarmTools.Bench;
using SwarmTools.Bench.Lab;
using SwarmTools.Bench.Scale;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
var lines = new List<string>();
void Say(string line) => Console.WriteLine(line);

try
{
    using var setup = new BenchSetup(options.ModuleFolder);
    var boot = new BootProfile(options.BootSeconds, options.SshdDelaySeconds, options.DockerdDelaySeconds);
    var report = new Report(boot);
    CommandTimes times = CommandTimes.Recorded;
    if (options.LabSizes.Count > 0 && Environment.UserName != "root")
        report.Note("Lab scenarios skipped: lab hosts need root. The simulation used the per-command times recorded in CommandTimes.Recorded.");
    else if (options.LabSizes.Count > 0)
    {
        Say($"Lab: {boot}.");
        var bench = new LabBench(setup, boot, Path.Combine(options.ReportFolder, "traces"), options.Sequential, Say);
        report.Lab.AddRange(bench.Run(options.LabSizes));
        report.Health.AddRange(bench.Health);
        report.Stacks.AddRange(bench.Stacks);
        report.Maintenance.AddRange(bench.Maintenance);
        if (bench.SequentialCommands.Count > 0) report.Times = times = bench.Times();
    }
    if (options.ScaleSizes.Count > 0)
    {
        Say("Scale: API-only droplets, hosts simulated at the lab's per-command times.");
        report.Scale.AddRange(new ScaleBench(setup, boot, times, Path.Combine(options.ReportFolder, "traces"), Say).Run(options.ScaleSizes));
    }
    ModuleSession.CheckOneEngine();
    Say("");
    foreach (var r in report.Lab) Say(r.Line);
    foreach (var r in report.Lab) Say(r.Teardown.Line);
    foreach (var r in report.Health) Say(r.Line);
    foreach (var r in report.Stacks) Say(r.Line);
    foreach (var r in report.Maintenance) Say(r.Line);
    foreach (var r in report.Scale) Say(r.Line);
    report.Write(Path.Combine(options.ReportFolder, "report.md"));
    Say($"Report: {Path.GetFullPath(Path.Combine(options.ReportFolder, "report.md"))}");
    return 0;
}
catch (BenchFailure e)
{
    Console.Error.WriteLine("bench: " + e.Message);
    return 1;
}
