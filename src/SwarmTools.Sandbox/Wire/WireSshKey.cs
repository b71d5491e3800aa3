namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `sshKeys`.</summary>
public sealed record WireSshKey(long Id, string Fingerprint, string PublicKey, string Name);
