using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace SwarmTools.Commands
{
    /// <summary>Tab completion from well-known slugs; completion must be instant, so it never calls the API.</summary>
    public abstract class SlugCompleter : IArgumentCompleter
    {
        protected abstract IEnumerable<string> Slugs { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Slugs.Where(s => s.StartsWith(wordToComplete ?? "", System.StringComparison.OrdinalIgnoreCase))
                 .Select(s => new CompletionResult(s));
    }

    public sealed class RegionCompleter : SlugCompleter
    {
        protected override IEnumerable<string> Slugs => new[] { "ams3", "blr1", "fra1", "lon1", "nyc1", "nyc3", "sfo2", "sfo3", "sgp1", "syd1", "tor1" };
    }

    public sealed class SizeCompleter : SlugCompleter
    {
        protected override IEnumerable<string> Slugs => new[] { "s-1vcpu-1gb", "s-1vcpu-2gb", "s-2vcpu-2gb", "s-2vcpu-4gb", "s-4vcpu-8gb", "s-8vcpu-16gb" };
    }

    public sealed class ImageCompleter : SlugCompleter
    {
        protected override IEnumerable<string> Slugs => new[] { "docker-24-04", "docker-22-04", "docker-20-04", "ubuntu-24-04-x64", "ubuntu-22-04-x64" };
    }
}
