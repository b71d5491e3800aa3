using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;
using SwarmTools.Engine.Stacks;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Deploy-SwarmStack's rules that need no host: what input is refused before anything is sent, how a
/// task's error is named, which published ports are warned about, what -WhatIf can tell, and that the
/// compose file travels on stdin, never in the command. The deploy itself is proven on lab hosts (StackTests).
/// </summary>
[Trait("Category", "Unit")]
public sealed class StackRulesTests
{
    private const string Good = "services:\n  app:\n    image: bb:1\n  db:\n    image: pg:16\n";

    private static SwarmToolsException Refused(string yaml, string stack = "web") =>
        Assert.Throws<SwarmToolsException>(() => ComposeFile.Parse(yaml, "compose.yml", stack));

    [Fact]
    public void A_good_compose_file_gives_its_services_and_images()
    {
        var file = ComposeFile.Parse(Good, "compose.yml", "web");
        Assert.Equal(new[] { "app", "db" }, file.Services);
        Assert.Equal("pg:16", file.Images["db"]);
        Assert.Equal(Good, file.Text);
    }

    [Theory]
    [InlineData("services: [unclosed", "not YAML")]
    [InlineData("just text", "not a compose file")]
    [InlineData("version: '3.8'\n", "has no services")]
    [InlineData("services: {}\n", "has no services")]
    [InlineData("services:\n  app: bb:1\n", "not a mapping")]
    [InlineData("services:\n  my.app:\n    image: bb:1\n", "Docker refuses")]
    public void A_file_that_is_not_a_deployable_compose_file_is_refused(string yaml, string why)
    {
        var e = Refused(yaml);
        Assert.Equal(ErrorIds.ComposeFileInvalid, e.ErrorId);
        Assert.Contains(why, e.Message);
        Assert.Contains("Nothing was sent", e.Message);
    }

    [Theory]
    [InlineData("services:\n  app:\n    build: .\n", "build")]
    [InlineData("services:\n  app:\n    image: a\n    env_file: .env\n", "env_file")]
    [InlineData("services:\n  app:\n    image: a\nsecrets:\n  pw:\n    file: ./pw.txt\n", "secret 'pw'")]
    [InlineData("services:\n  app:\n    image: a\nconfigs:\n  c:\n    file: ./c.conf\n", "config 'c'")]
    public void A_file_that_needs_files_of_this_machine_is_refused(string yaml, string what)
    {
        var e = Refused(yaml);
        Assert.Equal(ErrorIds.ComposeFileRefersToLocalFile, e.ErrorId);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void An_external_secret_is_no_local_file()
    {
        var file = ComposeFile.Parse("services:\n  app:\n    image: a\nsecrets:\n  pw:\n    external: true\n", "compose.yml", "web");
        Assert.Single(file.Services);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var e = Assert.Throws<SwarmToolsException>(() => ComposeFile.Load("/nonexistent/compose.yml", "web"));
        Assert.Equal(ErrorIds.ComposeFileNotFound, e.ErrorId);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("my-app_2")]
    [InlineData("A1")]
    public void Stack_names_Docker_takes_pass(string name) => StackName.Validate(name);

    [Theory]
    [InlineData("")]
    [InlineData("my.app")]
    [InlineData("-web")]
    [InlineData("web-")]
    [InlineData("my app")]
    [InlineData("wéb")]
    public void Stack_names_Docker_refuses_are_refused(string name)
    {
        var e = Assert.Throws<SwarmToolsException>(() => StackName.Validate(name));
        Assert.Equal(ErrorIds.StackNameInvalid, e.ErrorId);
    }

    [Fact]
    public void A_service_name_too_long_with_the_stack_is_refused()
    {
        Assert.Equal(ErrorIds.ComposeFileInvalid, Refused($"services:\n  {new string('a', 60)}:\n    image: a\n").ErrorId);
        ComposeFile.Parse($"services:\n  {new string('a', 59)}:\n    image: a\n", "compose.yml", "web"); // web_ + 59 = 63: the limit
    }

    [Fact]
    public void Services_are_read_from_docker_service_ls_and_inspect()
    {
        var services = ServiceRecord.Parse(Fixtures.Ls, Fixtures.Inspect).Select(r => r.Service).ToList();
        Assert.Equal(new[] { "sk_api", "sk_web", "sk_worker" }, services.Select(s => s.Name));
        var api = services[0];
        Assert.Equal(("sk", "global", 4, 4, "4/4", "bb:1"), (api.Stack, api.Mode, api.Running, api.Desired, api.Replicas, api.Image));
        Assert.Equal(new[] { "8082->8080/tcp (host)" }, api.Ports);
        Assert.Equal(("replicated", 3), (services[2].Mode, services[2].Desired));
        Assert.Empty(services[2].Ports);
        Assert.All(services, s => Assert.True(s.Converged));
        // A service listed by one read and not the other (it came or went in between) is left out.
        Assert.Equal(2, ServiceRecord.Parse(Fixtures.Ls.Skip(1), Fixtures.Inspect).Count);
    }

    [Fact]
    public void Tasks_are_read_from_docker_service_ps()
    {
        var tasks = TaskRecord.Parse(Fixtures.Ps);
        Assert.Equal(6, tasks.Count);
        var web = Assert.Single(tasks, t => t.Name == "sk_web.1");
        Assert.Equal(("sk_web", "sk2", "Running", "Running", "bb:1"), (web.Service, web.Node, web.DesiredState, web.CurrentState, web.Image));
        Assert.Equal(new[] { "*:8081->8080/tcp" }, web.Ports); // docker lists a host port twice
        Assert.Equal(4, tasks.Count(t => t.Service == "sk_api")); // global: service.node-id
        Assert.All(tasks, t => Assert.False(t.IsHistory));
    }

    [Fact]
    public void A_failed_tasks_error_is_unquoted_and_the_earlier_tasks_of_its_slot_are_marked()
    {
        var tasks = TaskRecord.Parse(Fixtures.PsBadImage);
        Assert.Equal(new[] { false, true, true }, tasks.Select(t => t.IsHistory));
        Assert.All(tasks, t => Assert.Equal(("skbad_app.1", "skbad_app", "No such image: nope-not-here:1", "Rejected", "sk4"), (t.Name, t.Service, t.Error, t.CurrentState, t.Node)));
        Assert.Equal("Rejected 1 second ago", tasks[0].CurrentStateSince);
        Assert.Empty(tasks[0].Ports);
        // docker's table form marks them with \_: taken off the name.
        var table = TaskRecord.Parse(new[] { Fixtures.PsBadImage[0], Fixtures.PsBadImage[1].Replace("\"Name\":\"", "\"Name\":\" \\\\_ ") });
        Assert.Equal(new[] { ("skbad_app.1", false), ("skbad_app.1", true) }, table.Select(t => (t.Name, t.IsHistory)));
    }

    [Theory]
    [InlineData("No such image: nope:1", nameof(ErrorIds.StackImageUnavailable))]
    [InlineData("pull access denied for nope, repository does not exist or may require 'docker login'", nameof(ErrorIds.StackImageUnavailable))]
    [InlineData("no suitable node (scheduling constraints not satisfied on 4 nodes)", nameof(ErrorIds.StackNoSuitableNode))]
    [InlineData("no suitable node (host-mode port already in use on 4 nodes)", nameof(ErrorIds.StackPortInUse))]
    [InlineData("task: non-zero exit (1)", nameof(ErrorIds.StackTaskFailed))]
    public void A_tasks_error_is_named_by_its_cause(string error, string id) => Assert.Equal(id, TaskFailure.Classify(error));

    [Fact]
    public void The_failure_names_each_task_its_node_and_Dockers_error()
    {
        var e = TaskFailure.For("web", new[]
        {
            new SwarmTask { Id = "abcdefabcdef0123", Name = "web_app.1", Service = "web_app", Node = "n2", CurrentState = "Rejected", Error = "No such image: nope:1" },
            new SwarmTask { Id = "0123456789abcdef", Name = "web_app.2", Service = "web_app", Node = "", CurrentState = "Rejected", Error = "No such image: nope:1" },
        });
        Assert.Equal(ErrorIds.StackImageUnavailable, e.ErrorId);
        Assert.Contains("web_app.1 (abcdefabcdef on n2, Rejected): No such image: nope:1", e.Message);
        Assert.Contains("web_app.2 (0123456789ab, Rejected)", e.Message);
        Assert.Contains("Get-SwarmTask -Service web_app", e.Message);
    }

    private static FirewallPolicy Policy(bool filtered, params string[] allow) =>
        new() { AllowPorts = allow.Select(PortSpec.Parse).ToArray(), FilterPublishedPorts = filtered };

    [Fact]
    public void A_published_port_the_policy_filters_is_warned_about_with_the_AllowPort_that_opens_it()
    {
        var services = ServiceRecord.Parse(Fixtures.Ls, Fixtures.Inspect);
        var warnings = PublishedPortWarning.For(Policy(true, "8081"), services);
        var warning = Assert.Single(warnings);
        Assert.Contains("sk_api publishes 8082/tcp", warning);
        Assert.Contains("Set-SwarmFirewall -AllowPort 8081/tcp, 8082/tcp", warning);
        Assert.Contains("reachable only from the swarm's members", warning);
        Assert.Empty(PublishedPortWarning.For(Policy(true, "8000-8100/tcp"), services));  // allowed by a range
        Assert.Single(PublishedPortWarning.For(Policy(true, "8000-8100/udp"), services.Where(s => s.Name == "sk_api"))); // another protocol opens nothing
        Assert.Empty(PublishedPortWarning.For(Policy(false), services));                     // published ports left open
    }

    [Fact]
    public void WhatIf_tells_created_from_image_changed_from_same_image_and_pruned()
    {
        var existing = ServiceRecord.Parse(Fixtures.Ls, Fixtures.Inspect);
        var file = ComposeFile.Parse("services:\n  web:\n    image: bb:1\n  api:\n    image: bb:2\n  new:\n    image: x:1\n", "c.yml", "sk");
        var plan = StackPlan.For("sk", file, existing, prune: true);
        Assert.Equal(new[] { "sk_new" }, plan.Created);
        Assert.Equal(new[] { "sk_api (image bb:1 → bb:2)" }, plan.ImageChanged);
        Assert.Equal(new[] { "sk_web" }, plan.MaybeChanged);
        Assert.Equal(new[] { "sk_worker" }, plan.Removed);
        Assert.Empty(StackPlan.For("sk", file, existing, prune: false).Removed);
        Assert.Contains("Docker compares when it deploys", plan.Describe());
    }

    [Fact]
    public void A_service_is_unchanged_only_when_its_spec_is_the_same()
    {
        var before = ServiceRecord.Parse(Fixtures.Ls, Fixtures.Inspect).ToDictionary(s => s.Name);
        var after = ServiceRecord.Parse(Fixtures.Ls, Fixtures.Inspect.Select(l => l.Contains("\"sk_worker\"") ? l.Replace("\"Replicas\":3", "\"Replicas\":1") : l)).ToList();
        Assert.Contains(Fixtures.Inspect, l => l.Contains("\"Replicas\":3")); // the edit below changes something (the control)
        var changes = StackDeployment.Changes(before, after);
        Assert.Equal(ServiceChange.Updated, changes["sk_worker"]);
        Assert.Equal(ServiceChange.Unchanged, changes["sk_web"]);
        Assert.Equal(ServiceChange.Created, StackDeployment.Changes(new Dictionary<string, ServiceRecord>(), after)["sk_web"]);
    }

    /// <summary>sk_worker as recorded, with an UpdateStatus of that state, started that many seconds after the service's UpdatedAt, and that many running.</summary>
    private static ServiceRecord Worker(string? state, double startedAfter, int running = 3)
    {
        var line = Fixtures.Inspect.Single(l => l.Contains("\"Name\":\"sk_worker\""));
        var updated = DateTimeOffset.Parse(System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("UpdatedAt").GetString()!);
        if (state != null)
            line = line[..^1] + $",\"UpdateStatus\":{{\"State\":\"{state}\",\"StartedAt\":\"{updated.AddSeconds(startedAfter):O}\"}}}}";
        var ls = Fixtures.Ls.Single(l => l.Contains("sk_worker")).Replace("3/3", $"{running}/3");
        return Assert.Single(ServiceRecord.Parse(new[] { ls }, new[] { line }));
    }

    [Fact]
    public void A_service_the_deploy_rolled_over_converges_only_once_its_own_update_completed()
    {
        var after = Worker(null, 0);
        var rolled = new StackConvergence(null!, "sk", new NoObserver(), new HashSet<string>(), new Dictionary<string, ServiceRecord> { ["sk_worker"] = after });
        var kept = new StackConvergence(null!, "sk", new NoObserver(), new HashSet<string>(), new Dictionary<string, ServiceRecord>());
        Assert.True(kept.Done(Worker(null, 0)));                      // never updated, all running
        Assert.False(kept.Done(Worker(null, 0, running: 2)));         // a replica missing
        Assert.False(rolled.Done(Worker(null, 0)));                   // the update has not started: the old tasks still run
        Assert.False(rolled.Done(Worker("completed", -30)));          // an earlier update's status
        Assert.True(kept.Done(Worker("completed", -30)));             // ... which is fine for a service the deploy did not change
        Assert.False(rolled.Done(Worker("updating", 1)));
        Assert.True(rolled.Done(Worker("completed", 1)));             // its own update, completed
        Assert.True(kept.Done(Worker("rollback_completed", -30)));    // an old rollback: it runs its previous spec, steadily
        Assert.False(kept.Done(Worker("updating", -30)));             // an update under way is waited for
    }

    /// <summary>A manager whose services read as given (ls and inspect lines) and whose tasks read as given.</summary>
    private sealed class ReadingShell(string[] ls, string[] inspect, string[] tasks) : IRemoteShell
    {
        public string Address => "198.18.0.2";

        public Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct) =>
            Task.FromResult(new CommandResult(0,
                command.StartsWith("docker service ls", StringComparison.Ordinal) ? string.Join("\n", ls) + "\n@@inspect\n" + string.Join("\n", inspect)
                : command.StartsWith("docker service ps", StringComparison.Ordinal) ? string.Join("\n", tasks) : "", ""));
    }

    private static StackConvergence Waiting(string[] ls, string[] inspect, string[] tasks, IReadOnlyDictionary<string, ServiceRecord>? rolled = null) =>
        new(new NodeShell(new SwarmNode { Name = "n1" }, new ReadingShell(ls, inspect, tasks), _ => { }), "sk", new NoObserver(), new HashSet<string>(),
            rolled ?? new Dictionary<string, ServiceRecord>());

    [Fact]
    public async Task A_stack_that_lags_without_task_errors_ends_in_StackConvergeTimeout_naming_the_service()
    {
        var lagging = Fixtures.Ls.Select(l => l.Replace("3/3", "1/3")).ToArray();
        Assert.NotEqual(Fixtures.Ls, lagging); // the edit makes one lag (the control)
        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => Waiting(lagging, Fixtures.Inspect, Array.Empty<string>()).WaitAsync(TimeSpan.Zero, default));
        Assert.Equal(ErrorIds.StackConvergeTimeout, e.ErrorId);
        Assert.Contains("sk_worker 1/3", e.Message);
        Assert.DoesNotContain("sk_web", e.Message);
        // Converged: it returns at once, whatever the bound.
        Assert.Equal(3, (await Waiting(Fixtures.Ls, Fixtures.Inspect, Array.Empty<string>()).WaitAsync(TimeSpan.Zero, default)).Count);
    }

    [Fact]
    public async Task Three_failed_tasks_of_this_deploy_end_the_wait_at_once_with_their_error()
    {
        var failing = Fixtures.Ls.Select(l => l.Replace("3/3", "0/3")).ToArray();
        var tasks = Fixtures.PsBadImage.Select(t => t.Replace("skbad_app", "sk_worker")).ToArray();
        var e = await Assert.ThrowsAsync<SwarmToolsException>(() => Waiting(failing, Fixtures.Inspect, tasks).WaitAsync(TimeSpan.FromMinutes(5), default));
        Assert.Equal(ErrorIds.StackImageUnavailable, e.ErrorId);
        Assert.Contains("sk_worker.1", e.Message);
        // The same errors on tasks that existed before the deploy are not this deploy's: it waits on, until its bound.
        var earlier = new HashSet<string>(TaskRecord.Parse(tasks).Select(t => t.Id));
        var old = new StackConvergence(new NodeShell(new SwarmNode { Name = "n1" }, new ReadingShell(failing, Fixtures.Inspect, tasks), _ => { }), "sk", new NoObserver(), earlier, new Dictionary<string, ServiceRecord>());
        Assert.Equal(ErrorIds.StackConvergeTimeout, (await Assert.ThrowsAsync<SwarmToolsException>(() => old.WaitAsync(TimeSpan.Zero, default))).ErrorId);
    }

    [Fact]
    public async Task An_update_Docker_rolled_back_after_the_deploy_ends_in_StackUpdateFailed()
    {
        var after = Worker(null, 0);
        var rolledBack = Worker("rollback_completed", 2);
        var line = Fixtures.Inspect.Single(l => l.Contains("\"Name\":\"sk_worker\""));
        var updated = DateTimeOffset.Parse(System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("UpdatedAt").GetString()!);
        var inspect = Fixtures.Inspect.Select(l => l == line ? l[..^1] + $",\"UpdateStatus\":{{\"State\":\"rollback_completed\",\"StartedAt\":\"{updated.AddSeconds(2):O}\",\"Message\":\"update rolled back due to failure\"}}}}" : l).ToArray();
        Assert.Equal("rollback_completed", rolledBack.Service.UpdateState); // the edited status reads as Docker's (the control)
        var e = await Assert.ThrowsAsync<SwarmToolsException>(() =>
            Waiting(Fixtures.Ls, inspect, Array.Empty<string>(), new Dictionary<string, ServiceRecord> { ["sk_worker"] = after }).WaitAsync(TimeSpan.FromMinutes(5), default));
        Assert.Equal(ErrorIds.StackUpdateFailed, e.ErrorId);
        Assert.Contains("rolled back", e.Message);
    }

    /// <summary>Answers the deploy's reads from the recorded JSON and records what it was asked, with its stdin.</summary>
    private sealed class RecordingShell : IRemoteShell
    {
        public List<(string Command, string? Stdin)> Runs { get; } = new();
        public string Address => "198.18.0.2";

        public Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
        {
            Runs.Add((command, stdin));
            var output = command.StartsWith("docker service ls", StringComparison.Ordinal)
                ? string.Join("\n", Fixtures.Ls) + "\n@@inspect\n" + string.Join("\n", Fixtures.Inspect)
                : "";
            return Task.FromResult(new CommandResult(0, output, ""));
        }
    }

    [Fact]
    public async Task The_compose_file_travels_on_stdin_and_never_in_the_command()
    {
        var shell = new RecordingShell();
        var manager = new NodeShell(new SwarmNode { Name = "n1" }, shell, _ => { });
        var text = Good.Replace("bb:1", "bb:1 # marker-7f3a");
        var file = ComposeFile.Parse(text, "compose.yml", "sk");
        var services = await StackDeployment.DeployAsync(manager, "sk", file, new StackDeployOptions { NoWait = true, Prune = true, ResolveImage = "never" }, new NoObserver(), default);

        var deploy = Assert.Single(shell.Runs, r => r.Command.Contains("docker stack deploy"));
        Assert.Equal("docker stack deploy -c - --prune --resolve-image never 'sk'", deploy.Command);
        Assert.Equal(text, deploy.Stdin);
        Assert.Contains(shell.Runs, r => r.Stdin is null); // the reads had no stdin: the scan below looks at every command
        Assert.DoesNotContain(shell.Runs, r => r.Command.Contains("marker-7f3a"));
        Assert.All(services, s => Assert.Equal(ServiceChange.Unchanged, s.Change)); // same specs read before and after
    }

    private sealed class NoObserver : IStackObserver
    {
        public void Verbose(string message) { }
        public void Warning(string message) { }
        public void ServiceProgress(int index, string service, string status, int percent, bool done) { }
    }
}
