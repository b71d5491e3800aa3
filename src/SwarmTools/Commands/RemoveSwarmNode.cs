using System;
using System.Management.Automation;
using SwarmTools.DigitalOcean;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands
{
    /// <summary>Deletes swarm droplets given on the pipeline (from Get-SwarmNode or New-SwarmNode) or by id.</summary>
    [Cmdlet(VerbsCommon.Remove, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByNode)]
    [OutputType(typeof(void))]
    public sealed class RemoveSwarmNode : DigitalOceanCmdlet
    {
        private const string ByNode = "ByNode";
        private const string ById = "ById";

        [Parameter(ParameterSetName = ByNode, Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

        [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public long[] Id { get; set; } = Array.Empty<long>();

        /// <summary>Skips the confirmation prompt (-WhatIf still wins).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ById)
                foreach (var id in Id) Remove(id, $"droplet {id}");
            else
                foreach (var node in InputObject) Remove(node.Id, $"{node.Name} (droplet {node.Id}, {node.PublicAddress})");
        }

        private void Remove(long id, string target)
        {
            // -Force skips the prompt, but -WhatIf still wins over -Force.
            if ((!Force || WhatIfRequested()) && !ShouldProcess(target, "Delete droplet")) return;
            // A failure here concerns this node only: report it and go on with the next.
            var failure = RunApi<DigitalOceanException?>(async (api, q, ct) =>
            {
                try { await api.Droplets.DeleteAsync(id, ct).ConfigureAwait(false); return null; }
                catch (DigitalOceanException e) { return e; }
            });
            if (failure is null) WriteVerbose($"Deleted {target}.");
            else if (failure.IsNotFound) WriteWarning($"{target} does not exist (already deleted?).");
            else WriteError(ToErrorRecord(failure, target));
        }

        private bool WhatIfRequested() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter p ? p.IsPresent
            : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));
    }
}
