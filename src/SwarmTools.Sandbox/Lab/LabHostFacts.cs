namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// What tests need to know about a droplet's lab host (GET /_sandbox/droplets, member `lab`).
/// Host keys are given by type (rsa, ecdsa, ed25519) as public lines and as the SHA-256
/// fingerprints `ssh-keygen -lf` prints; private keys never leave the statedir.
/// </summary>
public sealed record LabHostFacts(
    string LabId,
    string Host,
    string Netns,
    string Statedir,
    string? BootStatus,
    IReadOnlyDictionary<string, string> HostKeyFingerprints,
    IReadOnlyDictionary<string, string> HostPublicKeys);
