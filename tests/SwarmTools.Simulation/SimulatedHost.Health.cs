using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SwarmTools.Engine.Health;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Simulation;

/// <summary>What Test-Swarm reads on a host beyond the swarm's state: its clock, its node certificate, the CA, the space under Docker's data root.</summary>
public sealed partial class SimulatedHost
{
    private CommandResult? Health(string command)
    {
        switch (command)
        {
            case ClockSkewCheck.Command:
                var now = DateTime.UtcNow + ClockOffset;
                return Ok($"{(now - DateTime.UnixEpoch).Ticks * 100}\n");
            case DiskSpaceCheck.Command:
                var (used, available) = DockerRootDisk;
                return Ok($"/var/lib/docker\nFilesystem     1024-blocks      Used Available Capacity Mounted on\n/dev/vda {used + available} {used} {available} {100 * used / Math.Max(1, used + available)}% /\n");
            case CertificateCheck.NodeCertCommand:
                return _member is null ? Fail(1, "cat: /var/lib/docker/swarm/certificates/swarm-node.crt: No such file or directory") : Ok(Pem(_member.NodeId, NodeCertExpiry));
            case CertificateCheck.CaCommand:
                return _member is not { IsManager: true } ? Fail(1, "Error response from daemon: This node is not a swarm manager.") : Ok(Pem("swarm-ca", _swarm!.CaExpiry));
            default:
                return null;
        }
    }

    /// <summary>A certificate in PEM for <paramref name="name"/>, valid until <paramref name="notAfter"/>, as Docker's files hold them.</summary>
    private static string Pem(string name, DateTime notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(new DateTimeOffset(notAfter.AddDays(-90)), new DateTimeOffset(notAfter));
        return cert.ExportCertificatePem() + "\n";
    }
}
