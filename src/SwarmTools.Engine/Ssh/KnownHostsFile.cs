using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// An OpenSSH known_hosts file, so that plain <c>ssh root@address</c> trusts what SwarmTools
/// trusted. Reads plain, comma-separated, wildcard and hashed (|1|) entries and honours
/// <c>@revoked</c> lines; writes plain "host type base64" lines.
/// Writes hold the file's <see cref="FileLock"/> (two processes recording keys at once lose
/// nothing); a new key is appended (as ssh does), a
/// replaced one is written to a temporary file beside the real one, given its mode and owner,
/// and renamed over it: a crash leaves the old file or the new one, never a truncated one. A
/// symlink is followed, so the link stays a link. A missing ~/.ssh is created 0700.
/// </summary>
public sealed class KnownHostsFile : IHostKeyStore
{
    // One gate for every instance: two stores may name the same file (the file lock is per open file).
    private static readonly object WriteGate = new object();
    private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);
    private const string Revoked = "@revoked";

    /// <param name="path">Default: ~/.ssh/known_hosts (%USERPROFILE%\.ssh\known_hosts on Windows).</param>
    public KnownHostsFile(string? path = null)
    {
        Path = System.IO.Path.GetFullPath(path ?? DefaultPath);
    }

    public string Path { get; }

    public static string DefaultPath =>
        System.IO.Path.Combine(UserHome.SshDirectory, "known_hosts");

    /// <summary>True when this is the file ssh reads by default (then ssh-keygen -R needs no -f).</summary>
    public bool IsDefault => string.Equals(Path, System.IO.Path.GetFullPath(DefaultPath), StringComparison.Ordinal);

    /// <summary>The name OpenSSH files a host under: "addr" on port 22, "[addr]:port" otherwise.</summary>
    public static string HostName(string address, int port) =>
        port == 22 ? address : "[" + address + "]:" + port;

    public IReadOnlyList<SshHostKey> GetKeys(string host)
    {
        if (host is null) throw new ArgumentNullException(nameof(host));
        var keys = new List<SshHostKey>();
        foreach (var line in ReadLines())
        {
            if (TryParseLine(line, out var marker, out var hosts, out var key) && marker is null && Matches(hosts!, host) && !keys.Contains(key!))
                keys.Add(key!);
        }
        return keys;
    }

    /// <summary>True when an @revoked line names <paramref name="key"/> for <paramref name="host"/>: never trust it, as ssh would not.</summary>
    public bool IsRevoked(string host, SshHostKey key)
    {
        if (host is null) throw new ArgumentNullException(nameof(host));
        if (key is null) throw new ArgumentNullException(nameof(key));
        return ReadLines().Any(line => TryParseLine(line, out var marker, out var hosts, out var revoked)
                                       && marker == Revoked && Matches(hosts!, host) && revoked!.Equals(key));
    }

    public void SetKey(string host, SshHostKey key)
    {
        CheckHost(host);
        if (key is null) throw new ArgumentNullException(nameof(key));
        Update(host, lines =>
        {
            var kept = new List<string>(lines.Count + 1);
            var present = false;
            foreach (var line in lines)
            {
                if (IsOwnLine(line, host, key.KeyType, out var old))
                {
                    // Our own earlier plain line for this host and type: replace it (a rebuilt droplet, a reused address).
                    if (old!.Equals(key) && !present) { present = true; kept.Add(line); }
                    continue;
                }
                kept.Add(line);
            }
            if (present && kept.Count == lines.Count) return null; // already exactly as wanted
            if (!present) kept.Add(host + " " + key);
            return kept;
        });
    }

    /// <summary>Forgets <paramref name="key"/> for <paramref name="host"/> where a plain line of ours names exactly that host.</summary>
    public void RemoveKey(string host, SshHostKey key)
    {
        CheckHost(host);
        if (key is null) throw new ArgumentNullException(nameof(key));
        Update(host, lines =>
        {
            var kept = lines.Where(l => !(IsOwnLine(l, host, key.KeyType, out var old) && old!.Equals(key))).ToList();
            return kept.Count == lines.Count ? null : kept;
        });
    }

    /// <summary>Only a literal host name is ever written: never a pattern ('*', '?', '!'), a hash, a list or a marker.</summary>
    private static void CheckHost(string host)
    {
        if (host is null) throw new ArgumentNullException(nameof(host));
        if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '\t', ',', '\n', '\r', '*', '?', '!', '|', '@', '#' }) >= 0)
            throw new SwarmToolsException(ErrorIds.InvalidHostName, FailureKind.InvalidArgument,
                $"'{host}' is not a host name SwarmTools records in known_hosts (no patterns, lists or markers).", host);
    }

    private static bool IsOwnLine(string line, string host, string keyType, out SshHostKey? key) =>
        TryParseLine(line, out var marker, out var hosts, out key) && marker is null && hosts == host && key!.KeyType == keyType;

    /// <summary>Reads, changes and writes the file under its lock; <paramref name="change"/> returns null for "nothing to do".</summary>
    private void Update(string host, Func<List<string>, List<string>?> change)
    {
        try
        {
            lock (WriteGate)
            {
                FileModes.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!, FileModes.PrivateDirectory);
                var target = FileModes.FinalTarget(Path);
                using var held = FileLock.Hold(target);
                var text = File.Exists(target) ? File.ReadAllText(target, Utf8NoBom) : "";
                var lines = Split(text);
                var updated = change(lines);
                if (updated is null) return;
                if (updated.Count >= lines.Count && updated.Take(lines.Count).SequenceEqual(lines))
                {
                    // Only additions: append, as ssh does; nothing already there is touched.
                    using var file = FileLock.Open(target, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);
                    file.Seek(0, SeekOrigin.End);
                    Write(file, (text.Length > 0 && !text.EndsWith("\n", StringComparison.Ordinal) ? "\n" : "") + Join(updated.Skip(lines.Count)));
                    file.Flush(true);
                }
                else
                    ReplaceAtomically(target, Join(updated));
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new SwarmToolsException(ErrorIds.KnownHostsNotWritable, FailureKind.InvalidOperation,
                $"Could not record the host key of {host} in '{Path}': {e.Message} Make the file writable, or choose another file.", Path, e);
        }
    }

    /// <summary>A temporary file beside the real one, with its mode and owner, renamed over it (rename(2) is atomic).</summary>
    private static void ReplaceAtomically(string target, string text)
    {
        var temp = target + ".swarmtools-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(file, text);
                file.Flush(true);
            }
            FileModes.CopyModeAndOwner(target, temp);
            File.Replace(temp, target, null);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private List<string> ReadLines()
    {
        try
        {
            if (!File.Exists(Path)) return new List<string>();
            using var file = FileLock.Open(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return Split(ReadAll(file));
        }
        catch (FileNotFoundException) { return new List<string>(); }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new SwarmToolsException(ErrorIds.KnownHostsNotReadable, FailureKind.InvalidOperation,
                $"Could not read the known hosts file '{Path}': {e.Message} Check its permissions, or choose another file.", Path, e);
        }
    }

    private static string ReadAll(FileStream file)
    {
        var reader = new StreamReader(file, Utf8NoBom, false, 4096, leaveOpen: true);
        return reader.ReadToEnd();
    }

    private static void Write(FileStream file, string text)
    {
        var bytes = Utf8NoBom.GetBytes(text);
        file.Write(bytes, 0, bytes.Length);
    }

    private static List<string> Split(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0).ToList();

    private static string Join(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>Splits "[@marker] hosts type base64 [comment]"; skips comments and unreadable lines.</summary>
    private static bool TryParseLine(string line, out string? marker, out string? hosts, out SshHostKey? key)
    {
        marker = null;
        hosts = null;
        key = null;
        var t = line.Trim();
        if (t.Length == 0 || t[0] == '#') return false;
        var parts = t.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (parts[0][0] == '@')
        {
            marker = parts[0];
            parts.RemoveAt(0);
        }
        if (parts.Count < 3) return false;
        if (!SshHostKey.TryParse(parts[1] + " " + parts[2], out key)) return false;
        hosts = parts[0];
        return true;
    }

    /// <summary>OpenSSH semantics: any pattern matches and no negated pattern matches.</summary>
    private static bool Matches(string patterns, string host)
    {
        var any = false;
        foreach (var p in patterns.Split(','))
        {
            if (p.StartsWith("|1|", StringComparison.Ordinal))
            {
                if (HashedMatches(p, host)) any = true;
            }
            else if (p.StartsWith("!", StringComparison.Ordinal))
            {
                if (Glob(p.Substring(1), host)) return false;
            }
            else if (Glob(p, host)) any = true;
        }
        return any;
    }

    /// <summary>"|1|salt|hash": HMAC-SHA1 of the host name keyed by the salt (HashKnownHosts yes).</summary>
    private static bool HashedMatches(string pattern, string host)
    {
        var parts = pattern.Split('|');
        if (parts.Length != 4) return false;
        try
        {
            using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
            var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(host));
            return Convert.ToBase64String(hash) == parts[3];
        }
        catch (FormatException) { return false; }
    }

    /// <summary>'*' and '?' wildcards, case-insensitive, as in ssh's match_pattern.</summary>
    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(text[t]))) { p++; t++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = t; }
            else if (star >= 0) { p = star + 1; t = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
