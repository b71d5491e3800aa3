using System;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Orchestration;

namespace SwarmTools.Commands
{
    /// <summary>
    /// Adds the nodes on the pipeline to an existing swarm (-Swarm from Initialize-Swarm or
    /// Get-Swarm, or one of its managers with -Manager) as workers or managers. Nodes already in
    /// the swarm are left alone; nodes of another swarm are refused.
    /// </summary>
    [Cmdlet(VerbsCommon.Join, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySwarm)]
    [OutputType(typeof(SwarmNode))]
    public sealed class JoinSwarmNode : FormationCmdlet
    {
        private const string BySwarm = "BySwarm";
        private const string ByManager = "ByManager";
        private readonly System.Collections.Generic.List<SwarmNode> _joined = new System.Collections.Generic.List<SwarmNode>();

        [Parameter(Mandatory = true, ParameterSetName = BySwarm)]
        public Swarm? Swarm { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ByManager)]
        public SwarmNode? Manager { get; set; }

        [Parameter]
        public SwarmRole Role { get; set; } = SwarmRole.Worker;

        /// <summary>Private (the VPC address, default) or Public.</summary>
        [Parameter]
        [ValidateSet("Private", "Public")]
        public string AdvertiseAddress { get; set; } = "Private";

        protected override void BeginProcessing()
        {
            var manager = Manager ?? PickManager(Swarm!);
            Start(new FormationOptions { Role = Role, AdvertiseAddress = AdvertiseAddress }, "Joining the swarm", formation => formation.JoinThrough(manager));
        }

        protected override void ProcessRecord()
        {
            _joined.AddRange(InputObject);
            base.ProcessRecord();
        }

        /// <summary>The nodes come back with their live role and status; those that failed were reported.</summary>
        protected override void WriteResult(Swarm swarm) =>
            WriteObject(_joined.Where(n => n.SwarmNodeId != null).ToArray(), enumerateCollection: true);

        private SwarmNode PickManager(Swarm swarm)
        {
            var managers = swarm.Nodes.Where(n => n.Role == SwarmRole.Manager).OrderByDescending(n => n.ManagerStatus == ManagerStatus.Leader).ToList();
            if (managers.Count == 0)
                ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException("NoManagerInSwarm", FailureKind.InvalidArgument,
                    $"The swarm object {swarm.ClusterId} names no manager droplet this session can reach. Pass one with -Manager (e.g. Get-SwarmNode -Name node1).", swarm)));
            return managers[0];
        }
    }
}
