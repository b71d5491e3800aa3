using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Health;
using SwarmTools.Engine.Nodes;
using SwarmTools.Commands;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Tab completion from the API's own catalogue (the session's token and API URL), never from
/// a list of our own: slugs retire and not every region offers every size or image. Sizes and
/// images are those of the -Region already typed (else the default region). No token, or an
/// API that does not answer within a few seconds: nothing is offered.
/// </summary>
public abstract class CatalogCompleter : IArgumentCompleter
{
    protected abstract IEnumerable<string> Slugs(ApiCredentials credentials, string region);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ApiCredentials credentials;
        try { credentials = ApiCredentials.Resolve(null, Environment.GetEnvironmentVariable); }
        catch (Exception e) when (e is MissingTokenException || e is ArgumentException) { return Array.Empty<CompletionResult>(); }
        var region = fakeBoundParameters?["Region"] as string ?? NodeSpec.DefaultRegion;
        return Slugs(credentials, region)
            .Where(s => s.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s))
            .ToList();
    }
}

public sealed class RegionCompleter : CatalogCompleter
{
    protected override IEnumerable<string> Slugs(ApiCredentials credentials, string region) => CatalogCompletion.Regions(credentials);
}

public sealed class SizeCompleter : CatalogCompleter
{
    protected override IEnumerable<string> Slugs(ApiCredentials credentials, string region) => CatalogCompletion.Sizes(credentials, region);
}

public sealed class ImageCompleter : CatalogCompleter
{
    protected override IEnumerable<string> Slugs(ApiCredentials credentials, string region) => CatalogCompletion.Images(credentials, region);
}

/// <summary>-FromLoadBalancer: the account's load balancers by id (a name matches too), the name as tooltip; nothing without a token.</summary>
public sealed class LoadBalancerCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ApiCredentials credentials;
        try { credentials = ApiCredentials.Resolve(null, Environment.GetEnvironmentVariable); }
        catch (Exception e) when (e is MissingTokenException || e is ArgumentException) { return Array.Empty<CompletionResult>(); }
        var word = wordToComplete ?? "";
        return SwarmTools.Engine.Firewalls.LoadBalancerCompletion.List(credentials)
            .Where(l => l.Id.StartsWith(word, StringComparison.OrdinalIgnoreCase) || l.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(l => new CompletionResult(l.Id, l.Id, CompletionResultType.ParameterValue, l.Name))
            .ToList();
    }
}

/// <summary>Test-Swarm's check names, for -Check and -ExcludeCheck.</summary>
public sealed class CheckNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HealthChecks.Names.Where(n => n.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase)).Select(n => new CompletionResult(n)).ToList();
}
