using SwarmTools.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

// Collections run in parallel, at most MaxParallelThreads tests at once (a lab test spends most
// of its time waiting on its hosts). Collections defined with DisableParallelization run after all
// the others, one after another, by name with the contract test last (it reads every sandbox's
// journal): EnvironmentCollection, LabCollection (the lab to themselves), SandboxCollection.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
[assembly: TestCollectionOrderer("SwarmTools.Tests.Support.ContractLastOrderer", "SwarmTools.Tests")]

namespace SwarmTools.Tests.Support;

public sealed class ContractLastOrderer : ITestCollectionOrderer
{
    public const string LastCollection = "Contract";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> collections) =>
        collections.OrderBy(c => c.DisplayName == LastCollection ? 1 : 0).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}

/// <summary>The contract test: alone and last, once every other test has sent its requests.</summary>
[CollectionDefinition(ContractLastOrderer.LastCollection, DisableParallelization = true)]
public sealed class ContractCollection;
