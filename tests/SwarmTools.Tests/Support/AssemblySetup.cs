using SwarmTools.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

// The sandbox is shared and its request log is read by the contract test, which must come last.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("SwarmTools.Tests.Support.ContractLastOrderer", "SwarmTools.Tests")]

namespace SwarmTools.Tests.Support;

public sealed class ContractLastOrderer : ITestCollectionOrderer
{
    public const string LastCollection = "Contract";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> collections) =>
        collections.OrderBy(c => c.DisplayName == LastCollection ? 1 : 0).ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
