using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace SwarmTools.Ssh
{
    /// <summary>
    /// An OpenSSH known_hosts file, so that plain <c>ssh root@address</c> trusts what SwarmTools
    /// trusted. Reads plain, comma-separated, wildcard and hashed (|1|) entries; writes plain
    /// "host type base64" lines. Writes are atomic (temp file + rename) and serialized in-process;
    /// each write re-reads the file so lines added by others meanwhile are kept.
    /// </summary>
    public sealed class KnownHostsFile : IHostKeyStore
    {
        // One gate for every instance: two stores may name the same file.
        private static readonly object WriteGate = new object();
        private static readonly UTF8Encoding Utf8NoBom = new UTF8Encoding(false);

        /// <param name="path">Default: ~/.ssh/known_hosts (%USERPROFILE%\.ssh\known_hosts on Windows).</param>
        public KnownHostsFile(string? path = null)
        {
            Path = System.IO.Path.GetFullPath(path ?? DefaultPath);
        }

        public string Path { get; }

        public static string DefaultPath =>
            System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts");

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
                if (TryParseLine(line, out var hosts, out var key) && Matches(hosts!, host) && !keys.Contains(key!))
                    keys.Add(key!);
            }
            return keys;
        }

        public void SetKey(string host, SshHostKey key)
        {
            if (host is null) throw new ArgumentNullException(nameof(host));
            if (key is null) throw new ArgumentNullException(nameof(key));
            if (host.Length == 0 || host.IndexOfAny(new[] { ' ', '\t', ',', '\n', '\r' }) >= 0)
                throw new ArgumentException("Not a host name for known_hosts: " + host, nameof(host));
            lock (WriteGate)
            {
                var lines = ReadLines();
                var kept = new List<string>(lines.Count + 1);
                var present = false;
                foreach (var line in lines)
                {
                    if (TryParseLine(line, out var hosts, out var old) && hosts == host && old!.KeyType == key.KeyType)
                    {
                        // Our own earlier plain line for this host and type: replace it (a rebuilt droplet, a reused address).
                        if (old.Equals(key) && !present) { present = true; kept.Add(line); }
                        continue;
                    }
                    kept.Add(line);
                }
                if (present && kept.Count == lines.Count) return; // already exactly as wanted
                if (!present) kept.Add(host + " " + key);
                try
                {
                    WriteAtomically(kept);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new SwarmToolsException(ErrorIds.KnownHostsNotWritable, FailureKind.InvalidOperation,
                        $"Could not record the host key of {host} in '{Path}': {e.Message} Make the file writable, or choose another file.", Path, e);
                }
            }
        }

        private List<string> ReadLines()
        {
            try
            {
                if (!File.Exists(Path)) return new List<string>();
                return File.ReadAllText(Path).Replace("\r\n", "\n").Split('\n')
                    .Where(l => l.Length > 0).ToList();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new SwarmToolsException(ErrorIds.KnownHostsNotReadable, FailureKind.InvalidOperation,
                    $"Could not read the known hosts file '{Path}': {e.Message} Check its permissions, or choose another file.", Path, e);
            }
        }

        private void WriteAtomically(List<string> lines)
        {
            var dir = System.IO.Path.GetDirectoryName(Path)!;
            Directory.CreateDirectory(dir);
            var temp = System.IO.Path.Combine(dir, "." + System.IO.Path.GetFileName(Path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream, Utf8NoBom))
                {
                    foreach (var l in lines) { writer.Write(l); writer.Write('\n'); }
                    writer.Flush();
                    stream.Flush(true);
                }
                // Replace is a rename on Unix and ReplaceFile on Windows: readers see the old or the new file, never half.
                if (File.Exists(Path)) File.Replace(temp, Path, null);
                else File.Move(temp, Path);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }

        /// <summary>Splits "hosts type base64 [comment]"; skips comments and @cert-authority/@revoked lines.</summary>
        private static bool TryParseLine(string line, out string? hosts, out SshHostKey? key)
        {
            hosts = null;
            key = null;
            var t = line.Trim();
            if (t.Length == 0 || t[0] == '#' || t[0] == '@') return false;
            var parts = t.Split(new[] { ' ', '\t' }, 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) return false;
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
}
