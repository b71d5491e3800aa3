using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace SwarmTools.Engine.DockerCli;

/// <summary>
/// Lets the docker CLI's own ssh (DOCKER_HOST=ssh://root@address) reach nodes as the module
/// does: with the node's identity, the module's known_hosts and strict host key checking, so the
/// pinned host key is what it accepts. Beside the known_hosts file it writes
/// <list type="bullet">
/// <item>swarmtools_hosts.conf: one Host block per node (includable from ~/.ssh/config);</item>
/// <item>swarmtools_ssh_config: those blocks, then the user's and the system's ssh config;</item>
/// <item>swarmtools-bin/ssh: a wrapper that runs the real ssh with -F swarmtools_ssh_config,
/// to put first on PATH.</item>
/// </list>
/// Connections are shared (ControlMaster), so the docker CLI does not open one per command: the
/// 1-Click image's ufw refuses a sixth new SSH connection within 30 seconds.
/// </summary>
public sealed class DockerCliSsh
{
    private static readonly object WriteGate = new object();
    private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

    public DockerCliSsh(string knownHostsFile)
    {
        KnownHostsFile = Path.GetFullPath(knownHostsFile);
        var directory = Path.GetDirectoryName(KnownHostsFile)!;
        HostsFile = Path.Combine(directory, "swarmtools_hosts.conf");
        ConfigFile = Path.Combine(directory, "swarmtools_ssh_config");
        WrapperDirectory = Path.Combine(directory, "swarmtools-bin");
    }

    public string KnownHostsFile { get; }
    /// <summary>The nodes' Host blocks: what ~/.ssh/config can Include for other shells.</summary>
    public string HostsFile { get; }
    /// <summary>What the wrapper runs ssh with (-F).</summary>
    public string ConfigFile { get; }
    /// <summary>The folder of the ssh wrapper, to put first on PATH.</summary>
    public string WrapperDirectory { get; }

    /// <summary>Writes (or rewrites) the node's Host block, the config around it and the wrapper.</summary>
    public void Add(string address, string user, string identityFile, string realSsh)
    {
        if (!Regex.IsMatch(address, @"^[0-9A-Za-z.:\-]+$")) throw new ArgumentException("Not an address: " + address, nameof(address));
        lock (WriteGate)
        {
            Directory.CreateDirectory(WrapperDirectory);
            var blocks = File.Exists(HostsFile) ? ParseBlocks(File.ReadAllText(HostsFile)) : new System.Collections.Generic.Dictionary<string, string>();
            blocks[address] = string.Join("\n",
                $"Host {address}",
                $"    User {user}",
                $"    IdentityFile {Quote(identityFile)}",
                "    IdentitiesOnly yes",
                $"    UserKnownHostsFile {Quote(KnownHostsFile)}",
                "    StrictHostKeyChecking yes",
                "    BatchMode yes",
                "    ControlMaster auto",
                $"    ControlPath {Quote(ControlPath())}",
                "    ControlPersist 60");
            Write(HostsFile, "# Written by SwarmTools (Use-SwarmNode): how ssh reaches the swarm's nodes.\n\n"
                + string.Join("\n\n", blocks.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => b.Value)) + "\n");
            Write(ConfigFile, "# Written by SwarmTools: the nodes first, then the user's and the system's ssh settings.\n"
                + $"Include {Quote(HostsFile)}\nMatch all\nInclude ~/.ssh/config\nInclude /etc/ssh/ssh_config\n");
            WriteWrapper(realSsh);
        }
    }

    /// <summary>The ssh on PATH that is not this module's wrapper; null when there is none.</summary>
    public static string? FindRealSsh(string? path)
    {
        var names = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new[] { "ssh.exe" } : new[] { "ssh" };
        return (path ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0 && !d.TrimEnd(Path.DirectorySeparatorChar).EndsWith("swarmtools-bin", StringComparison.Ordinal))
            .SelectMany(d => names.Select(n => Path.Combine(d, n)))
            .FirstOrDefault(File.Exists);
    }

    private void WriteWrapper(string realSsh)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            Write(Path.Combine(WrapperDirectory, "ssh.cmd"), $"@\"{realSsh}\" -F \"{ConfigFile}\" %*\r\n");
            return;
        }
        var wrapper = Path.Combine(WrapperDirectory, "ssh");
        Write(wrapper, $"#!/bin/sh\n# Written by SwarmTools (Use-SwarmNode): ssh with the module's settings for its nodes.\nexec {ShellQuote(realSsh)} -F {ShellQuote(ConfigFile)} \"$@\"\n");
        Chmod(wrapper, "755");
    }

    /// <summary>Control sockets beside the config, unless that path is too long for a socket (then the temp folder).</summary>
    private string ControlPath()
    {
        var beside = Path.Combine(Path.GetDirectoryName(HostsFile)!, "swarmtools-cm-%C");
        return beside.Length + 38 < 100 ? beside : Path.Combine(Path.GetTempPath(), "swarmtools-cm-%C");
    }

    private static System.Collections.Generic.Dictionary<string, string> ParseBlocks(string text)
    {
        var blocks = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var block in Regex.Split(text, @"\n(?=Host )"))
        {
            var m = Regex.Match(block, @"^Host (\S+)");
            if (m.Success) blocks[m.Groups[1].Value] = block.TrimEnd();
        }
        return blocks;
    }

    private static void Write(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text, Utf8NoBom);
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) Chmod(temp, "600");
        if (File.Exists(path)) File.Delete(path);
        File.Move(temp, path);
    }

    private static void Chmod(string path, string mode)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("chmod", $"{mode} \"{path}\"") { UseShellExecute = false })!;
        p.WaitForExit();
    }

    private static string Quote(string path) => path.IndexOf(' ') >= 0 ? "\"" + path + "\"" : path;
    private static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
