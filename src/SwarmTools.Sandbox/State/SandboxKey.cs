namespace SwarmTools.Sandbox.State;

/// <summary>An SSH key of the account; the fingerprint is the MD5 of its blob.</summary>
public sealed record SandboxKey(long Id, string Name, string Fingerprint, string PublicKey);
