using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SwarmTools.Engine.Nodes;

/// <summary>One machine of docker-machine's store: what reaching its droplet takes.</summary>
public sealed class DockerMachine
{
    public string Name { get; set; } = "";
    public long DropletId { get; set; }
    public string IpAddress { get; set; } = "";
    public string SshUser { get; set; } = "root";
    public int SshPort { get; set; } = 22;
    public string SshKeyPath { get; set; } = "";
}

/// <summary>
/// Reads docker-machine's store, as its source (docker/machine, archived) writes it:
/// $MACHINE_STORAGE_PATH, else ~/.docker/machine (commands/mcndirs); each machine in
/// machines/&lt;name&gt;/config.json (libmachine/persist/filestore.go), a host.Host of
/// ConfigVersion 3 whose "Driver" is the driver's struct: BaseDriver's IPAddress, SSHUser,
/// SSHPort, SSHKeyPath, StorePath and MachineName, plus the digitalocean driver's DropletID,
/// SSHKey and AccessToken. The token is never read: only the fields named here are.
/// </summary>
public static class DockerMachineStore
{
    public const string SupportedDriver = "digitalocean";

    /// <summary>The store docker-machine uses: $MACHINE_STORAGE_PATH, else ~/.docker/machine.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("MACHINE_STORAGE_PATH") is { Length: > 0 } p ? p
            : Path.Combine(Ssh.UserHome.Directory, ".docker", "machine");

    /// <summary>The folders of the machines in <paramref name="store"/> (where their keys are).</summary>
    public static IEnumerable<string> MachineFolders(string store)
    {
        var machines = Path.Combine(store, "machines");
        return Directory.Exists(machines) ? Directory.EnumerateDirectories(machines) : Enumerable.Empty<string>();
    }

    /// <summary>
    /// Is <paramref name="identityFile"/> a key in a docker-machine machine folder (machines/NAME/, beside its
    /// config.json)? Then the node was adopted from docker-machine, whose engine listened on 2376 with TLS.
    /// </summary>
    public static bool IsMachineKey(string? identityFile)
    {
        if (string.IsNullOrEmpty(identityFile)) return false;
        var folder = Path.GetDirectoryName(Path.GetFullPath(identityFile));
        return folder != null && string.Equals(Path.GetFileName(Path.GetDirectoryName(folder)), "machines", StringComparison.Ordinal)
            && File.Exists(Path.Combine(folder, "config.json"));
    }

    /// <summary>The machine <paramref name="name"/>; refuses a missing machine, another driver, or a config it cannot use.</summary>
    public static DockerMachine Read(string store, string name)
    {
        var folder = Path.Combine(store, "machines", name);
        var config = Path.Combine(folder, "config.json");
        if (name.IndexOfAny(new[] { '/', '\\' }) >= 0 || name == "." || name == ".." || !File.Exists(config))
            throw new SwarmToolsException(ErrorIds.MachineNotFound, FailureKind.NotFound,
                $"docker-machine has no machine '{name}' in {store} (no {config}). docker-machine ls lists them; set $env:MACHINE_STORAGE_PATH or pass -MachineStoragePath if they live elsewhere.", name);
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(config));
            root = doc.RootElement.Clone();
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException)
        {
            // The file holds the account's token: its text is never quoted.
            throw new SwarmToolsException(ErrorIds.MachineConfigInvalid, FailureKind.InvalidArgument,
                $"docker-machine's {config} could not be read as its JSON config ({e.GetType().Name}).", name, e);
        }
        var driverName = Text(root, "DriverName");
        if (!string.Equals(driverName, SupportedDriver, StringComparison.Ordinal))
            throw new SwarmToolsException(ErrorIds.MachineDriverNotSupported, FailureKind.InvalidArgument,
                $"docker-machine made '{name}' with the '{driverName ?? "(none)"}' driver; only machines of the digitalocean driver are droplets SwarmTools can adopt.", name);
        if (!root.TryGetProperty("Driver", out var driver) || driver.ValueKind != JsonValueKind.Object)
            throw Invalid(config, name, "it has no Driver");
        var id = driver.TryGetProperty("DropletID", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt64(out var n) && n > 0 ? n
            : throw Invalid(config, name, "it has no DropletID (was the droplet ever created?)");
        return new DockerMachine
        {
            Name = name,
            DropletId = id,
            IpAddress = Text(driver, "IPAddress") ?? "",
            SshUser = Text(driver, "SSHUser") is { Length: > 0 } user ? user : "root",
            SshPort = driver.TryGetProperty("SSHPort", out var port) && port.ValueKind == JsonValueKind.Number && port.GetInt32() > 0 ? port.GetInt32() : 22,
            SshKeyPath = KeyPath(driver, folder),
        };
    }

    /// <summary>
    /// The digitalocean driver's GetSSHKeyPath: the store's copy of -digitalocean-ssh-key when one was
    /// given, else SSHKeyPath, else id_rsa in the machine's folder. A store moved since (another
    /// home) still has the key in the machine's folder under the same name.
    /// </summary>
    private static string KeyPath(JsonElement driver, string folder)
    {
        var copied = Text(driver, "SSHKey");
        var path = !string.IsNullOrEmpty(copied) ? Path.Combine(folder, Path.GetFileName(copied))
            : Text(driver, "SSHKeyPath") is { Length: > 0 } p ? p
            : Path.Combine(folder, "id_rsa");
        var moved = Path.Combine(folder, Path.GetFileName(path));
        return File.Exists(path) || !File.Exists(moved) ? path : moved;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static SwarmToolsException Invalid(string config, string name, string why) =>
        new SwarmToolsException(ErrorIds.MachineConfigInvalid, FailureKind.InvalidArgument,
            $"docker-machine's {config} cannot be used: {why}.", name);
}
