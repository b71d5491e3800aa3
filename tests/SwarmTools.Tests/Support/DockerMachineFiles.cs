using System.Text.Json;

namespace SwarmTools.Tests.Support;

/// <summary>
/// Writes a docker-machine store as docker-machine 0.16 does (docker/machine, archived): machines/NAME/config.json,
/// a host.Host of ConfigVersion 3 (libmachine/host) whose Driver is the digitalocean driver's struct with
/// BaseDriver's fields inlined, the key copied beside it as id_rsa/id_rsa.pub, and the API token in plain text.
/// </summary>
public sealed class DockerMachineFiles
{
    /// <summary>
    /// The token written into every config.json: it must never show up in what the module says. Made at run
    /// time in DigitalOcean's shape, so no token-shaped literal sits in the repository.
    /// </summary>
    public static readonly string Token = "dop_v1_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public DockerMachineFiles() => Store = Directory.CreateTempSubdirectory("docker-machine-").FullName;

    public string Store { get; }

    /// <summary>Adds a machine; <paramref name="privateKey"/> is copied to its folder as id_rsa (as the driver's generated key is).</summary>
    public string Add(string name, long dropletId, string ip, string privateKey, string driver = "digitalocean")
    {
        var folder = Path.Combine(Store, "machines", name);
        Directory.CreateDirectory(folder);
        var key = Path.Combine(folder, "id_rsa");
        File.Copy(privateKey, key, true);
        if (File.Exists(privateKey + ".pub")) File.Copy(privateKey + ".pub", key + ".pub", true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var certs = Path.Combine(Store, "certs");
        var config = new Dictionary<string, object?>
        {
            ["ConfigVersion"] = 3,
            ["Driver"] = new Dictionary<string, object?>
            {
                ["IPAddress"] = ip, ["MachineName"] = name, ["SSHUser"] = "root", ["SSHPort"] = 22, ["SSHKeyPath"] = key,
                ["StorePath"] = Store, ["SwarmMaster"] = false, ["SwarmHost"] = "tcp://0.0.0.0:3376", ["SwarmDiscovery"] = "",
                ["AccessToken"] = Token, ["DropletID"] = dropletId, ["DropletName"] = "", ["Image"] = "ubuntu-16-04-x64",
                ["Region"] = "nyc3", ["SSHKeyID"] = 512190, ["SSHKeyFingerprint"] = "", ["SSHKey"] = "", ["Size"] = "s-1vcpu-1gb",
                ["IPv6"] = false, ["Backups"] = false, ["PrivateNetworking"] = false, ["UserDataFile"] = "", ["Monitoring"] = false, ["Tags"] = "",
            },
            ["DriverName"] = driver,
            ["HostOptions"] = new Dictionary<string, object?>
            {
                ["Driver"] = "", ["Memory"] = 0, ["Disk"] = 0,
                ["EngineOptions"] = new Dictionary<string, object?>
                {
                    ["ArbitraryFlags"] = Array.Empty<string>(), ["Dns"] = null, ["GraphDir"] = "", ["Env"] = Array.Empty<string>(), ["Ipv6"] = false,
                    ["InsecureRegistry"] = Array.Empty<string>(), ["Labels"] = Array.Empty<string>(), ["LogLevel"] = "", ["StorageDriver"] = "",
                    ["SelinuxEnabled"] = false, ["TlsVerify"] = true, ["RegistryMirror"] = Array.Empty<string>(), ["InstallURL"] = "https://get.docker.com",
                },
                ["SwarmOptions"] = new Dictionary<string, object?>
                {
                    ["IsSwarm"] = false, ["Address"] = "", ["Discovery"] = "", ["Agent"] = false, ["Master"] = false, ["Host"] = "tcp://0.0.0.0:3376",
                    ["Image"] = "swarm:latest", ["Strategy"] = "spread", ["Heartbeat"] = 0, ["Overcommit"] = 0, ["ArbitraryFlags"] = Array.Empty<string>(),
                    ["ArbitraryJoinFlags"] = Array.Empty<string>(), ["Env"] = null, ["IsExperimental"] = false,
                },
                ["AuthOptions"] = new Dictionary<string, object?>
                {
                    ["CertDir"] = certs, ["CaCertPath"] = Path.Combine(certs, "ca.pem"), ["CaPrivateKeyPath"] = Path.Combine(certs, "ca-key.pem"),
                    ["CaCertRemotePath"] = "", ["ServerCertPath"] = Path.Combine(folder, "server.pem"), ["ServerKeyPath"] = Path.Combine(folder, "server-key.pem"),
                    ["ClientKeyPath"] = Path.Combine(certs, "key.pem"), ["ServerCertRemotePath"] = "", ["ServerKeyRemotePath"] = "",
                    ["ClientCertPath"] = Path.Combine(certs, "cert.pem"), ["ServerCertSANs"] = Array.Empty<string>(), ["StorePath"] = folder,
                },
            },
            ["Name"] = name,
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true }));
        return key;
    }
}
