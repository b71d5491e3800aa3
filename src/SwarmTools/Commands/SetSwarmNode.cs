using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Orchestration;

namespace SwarmTools.Commands
{
    /// <summary>
    /// Changes swarm members: -Role Manager|Worker (promote one at a time, each confirmed
    /// Reachable; demote only when quorum holds), -Availability Active|Pause|Drain, -Label.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SwarmNode))]
    public sealed class SetSwarmNode : SwarmMemberCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
        public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

        [Parameter]
        public SwarmRole? Role { get; set; }

        /// <summary>Drain managers so they run no tasks, as the walkthrough advises for larger swarms.</summary>
        [Parameter]
        public NodeAvailability? Availability { get; set; }

        /// <summary>Labels to add or change, e.g. @{ zone = 'a' }.</summary>
        [Parameter]
        public Hashtable? Label { get; set; }

        [Parameter]
        public string[] RemoveLabel { get; set; } = Array.Empty<string>();

        /// <summary>Allows a demotion that lowers the swarm's fault tolerance.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Emits the nodes with their new live state.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var access = Access;
            var api = ApiForSearch;
            var labels = (Label ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "");
            foreach (var node in InputObject)
            {
                try
                {
                    Run(async (queue, ct) =>
                    {
                        var changes = ChangesVia(access, queue, new SwarmObserver(queue, "Changing swarm nodes", ct), ct);
                        // A demoted or drained node is changed through another manager.
                        var manager = await FindManagerAsync(changes, Role == SwarmRole.Worker ? node : null, api, ct).ConfigureAwait(false);
                        if (Role is { } role) await changes.SetRoleAsync(manager, node, role, Force).ConfigureAwait(false);
                        if (Availability is { } availability) await changes.SetAvailabilityAsync(manager, node, availability).ConfigureAwait(false);
                        if (labels.Count > 0 || RemoveLabel.Length > 0) await changes.SetLabelsAsync(manager, node, labels, RemoveLabel).ConfigureAwait(false);
                        if (PassThru) SwarmReader.Enrich(node, await manager.MembersAsync(ct).ConfigureAwait(false));
                    });
                    if (PassThru) WriteObject(node);
                }
                catch (Exception e) when (e is SwarmToolsException || e is DigitalOcean.DigitalOceanException)
                {
                    WriteError(ErrorRecords.From(e, node));
                }
            }
        }
    }
}
