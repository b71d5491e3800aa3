using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Secrets;

namespace SwarmTools.Commands;

/// <summary>Creates a Docker secret in the swarm from a SecureString or a file, through a manager's stdin.</summary>
/// <remarks>
/// <para>Returns a SwarmTools.SwarmSecret: the name, id, creation time and labels (never the value).
/// The value reaches the manager only on the standard input of `docker secret create NAME -` over
/// the module's pinned SSH session: it is never in a command line on the node (which ps shows to
/// every process), in a file there, or in any output, verbose or debug text, or error.</para>
/// <para>Docker secrets cannot change: a name that exists is refused (SecretExists), before anything is sent.</para>
/// </remarks>
/// <note>Read a value without echoing it with Read-Host -AsSecureString. -Path sends the file's bytes as they are (binary too).</note>
/// <seealso cref="GetSwarmSecret"/>
/// <seealso cref="RemoveSwarmSecret"/>
[Cmdlet(VerbsCommon.New, "SwarmSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Value")]
[OutputType(typeof(SwarmSecret))]
public sealed class NewSwarmSecret : SwarmMemberCmdlet
{
    /// <summary>The secret's name, as services refer to it (1 to 64 letters, digits, '-', '_', '.').</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The secret's value, e.g. from Read-Host -AsSecureString; sent as UTF-8.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Value")]
    public SecureString? Value { get; set; }

    /// <summary>A file whose bytes are the secret's value (a certificate, a key).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath(MustExist = true)]
    public string Path { get; set; } = "";

    /// <summary>Labels of the secret, as a hashtable of name = value.</summary>
    [Parameter]
    [ValidateLabelName]
    public Hashtable? Label { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            SwarmSecrets.CheckName(Name);
            var labels = (Label ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "");
            if (!ShouldProcess(Name, "Create a swarm secret")) return;
            var encoded = ParameterSetName == "Path"
                ? SecretValue.Encode(File.ReadAllBytes(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path)))
                : SecretValue.Encode(Value!);
            var secret = RunOnManager("Creating a secret", null, (at, ct) => SwarmSecrets.CreateAsync(at.Manager, Name, encoded, labels, ct));
            WriteObject(secret);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
