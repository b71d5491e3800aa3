using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace SwarmTools.Tests.Support;

/// <summary>
/// A minimal host that records what cmdlets write to the host UI (what a console user would see).
/// Non-interactive unless a test queues answers to prompts in <see cref="Answers"/>.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUI _ui = new();
    public List<string> Warnings => _ui.Warnings;
    /// <summary>Choices to give, in order, to the next prompts (ShouldContinue, ShouldProcess under -Confirm): 0 is Yes.</summary>
    public Queue<int> Answers => _ui.Answers;
    /// <summary>The questions asked (caption: message).</summary>
    public List<string> Prompts => _ui.Prompts;
    /// <summary>Plain lines, such as -WhatIf's "What if: …".</summary>
    public List<string> Lines => _ui.Lines;

    public override string Name => "CapturingHost";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class CapturingUI : PSHostUserInterface
    {
        public readonly List<string> Warnings = new();
        public readonly Queue<int> Answers = new();
        public readonly List<string> Prompts = new();
        public readonly List<string> Lines = new();
        public override PSHostRawUserInterface? RawUI => null;
        public override void WriteWarningLine(string message) { lock (Warnings) Warnings.Add(message); }
        public override void Write(string value) { }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
        public override void WriteLine(string value) { lock (Lines) Lines.Add(value); }
        public override void WriteErrorLine(string value) { }
        public override void WriteDebugLine(string message) { }
        public override void WriteVerboseLine(string message) { }
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override string ReadLine() => throw new NotSupportedException("non-interactive");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("non-interactive");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw new NotSupportedException("non-interactive");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException("non-interactive");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException("non-interactive");
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            lock (Prompts) Prompts.Add($"{caption}: {message}");
            return Answers.Count > 0 ? Answers.Dequeue() : throw new NotSupportedException("non-interactive");
        }
    }
}
