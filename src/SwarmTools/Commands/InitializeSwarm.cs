using System;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Orchestration;

namespace SwarmTools.Commands
{
    /// <summary>
    /// Forms a swarm from the nodes on the pipeline: `docker swarm init` on the first (with the
    /// advertise address taken from the API's data), then joins the others — managers one at a
    /// time up to -ManagerCount, workers in parallel. A re-run on a formed swarm changes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Initialize, "Swarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Swarm))]
    public sealed class InitializeSwarm : FormationCmdlet
    {
        /// <summary>Managers wanted, the first node included (default 1). Odd and at most 7 unless -Force.</summary>
        [Parameter]
        [ValidateRange(1, 99)]
        public int ManagerCount { get; set; } = 1;

        /// <summary>The node that initializes the swarm (default: the first node on the pipeline).</summary>
        [Parameter]
        public SwarmNode? Manager { get; set; }

        /// <summary>Private (the VPC address, default), Public, or an IP address for the initializing node.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string AdvertiseAddress { get; set; } = "Private";

        /// <summary>Rotates the worker and manager join tokens once every node has joined.</summary>
        [Parameter]
        public SwitchParameter RotateJoinTokens { get; set; }

        /// <summary>Allows an even manager count or more than 7.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void BeginProcessing()
        {
            CheckAdvertiseChoice(AdvertiseAddress);
            CheckManagerCount(ManagerCount, Force);
            var options = new FormationOptions { ManagerCount = ManagerCount, AdvertiseAddress = AdvertiseAddress, RotateJoinTokens = RotateJoinTokens };
            Start(options, "Forming the swarm", formation =>
            {
                if (Manager != null) formation.StartWith(Manager);
            });
        }

        protected override void WriteResult(Swarm swarm) => WriteObject(swarm);

        internal void CheckManagerCount(int count, bool force)
        {
            if (Quorum.IsRecommended(count)) return;
            var why = count > Quorum.RecommendedMaximum
                ? $"{count} managers is more than the {Quorum.RecommendedMaximum} Docker recommends: every change waits for a majority of them"
                : $"{count} managers tolerate {Quorum.FaultTolerance(count)} failure(s), no more than {count - 1} do";
            if (!force)
                ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException("ManagerCountNotRecommended", FailureKind.InvalidArgument,
                    $"{why}. Use an odd count up to {Quorum.RecommendedMaximum} (3 tolerates 1 failure, 5 tolerates 2), or pass -Force.", count)));
            WriteWarning($"{why} (fault tolerance {Quorum.FaultTolerance(count - 1)} with {count - 1}, {Quorum.FaultTolerance(count)} with {count}).");
        }

        internal void CheckAdvertiseChoice(string choice)
        {
            if (choice.Equals("Private", StringComparison.OrdinalIgnoreCase) || choice.Equals("Public", StringComparison.OrdinalIgnoreCase)
                || System.Net.IPAddress.TryParse(choice, out _)) return;
            ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException("InvalidAdvertiseAddress", FailureKind.InvalidArgument,
                $"-AdvertiseAddress '{choice}' is not Private, Public or an IP address.", choice)));
        }
    }
}
