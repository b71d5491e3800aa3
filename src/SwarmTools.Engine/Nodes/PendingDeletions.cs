using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SwarmTools.Nodes
{
    /// <summary>
    /// The droplets whose delete DigitalOcean accepted (204) but which were still listed when the
    /// module stopped waiting. The API shows no sign of a delete in progress (the droplet stays
    /// "active"; a destroy is not an action, digitalocean/api-v2 #31), so this file is how the next
    /// session knows not to adopt them. One line per droplet: "api-url id unix-seconds"; lines older
    /// than a day are dropped. Rewritten through a temporary file and a rename, so a crash never
    /// truncates it.
    /// </summary>
    public sealed class PendingDeletions
    {
        private static readonly object Gate = new object();
        private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

        /// <param name="path">Default: ~/.swarmtools/pending-deletions.</param>
        public PendingDeletions(string? path = null) => Path = path ?? DefaultPath;

        public string Path { get; }

        public static string DefaultPath => System.IO.Path.Combine(
            Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            ".swarmtools", "pending-deletions");

        /// <summary>The ids recorded for this API (base URL).</summary>
        public IReadOnlyCollection<long> Of(Uri api)
        {
            lock (Gate) return new HashSet<long>(Read().Where(e => e.Api == api.ToString()).Select(e => e.Id));
        }

        public void Add(Uri api, IEnumerable<long> ids) =>
            Change(entries => entries.Concat(ids.Select(id => new Entry(api.ToString(), id, DateTimeOffset.UtcNow))));

        public void Remove(Uri api, long id) => Change(entries => entries.Where(e => !(e.Api == api.ToString() && e.Id == id)));

        private void Change(Func<IEnumerable<Entry>, IEnumerable<Entry>> change)
        {
            lock (Gate)
            {
                var before = Read();
                var after = change(before).Where(e => DateTimeOffset.UtcNow - e.Since < Forgotten)
                    .GroupBy(e => (e.Api, e.Id)).Select(g => g.First()).ToList();
                if (after.Count == before.Count && after.All(before.Contains)) return;
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                var temp = Path + ".tmp-" + Guid.NewGuid().ToString("N");
                File.WriteAllText(temp, string.Concat(after.Select(e => $"{e.Api} {e.Id.ToString(CultureInfo.InvariantCulture)} {e.Since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\n")), new UTF8Encoding(false));
                // A rename: readers see the old file or the new one, never a part of it.
                if (File.Exists(Path)) File.Replace(temp, Path, null);
                else File.Move(temp, Path);
            }
        }

        private List<Entry> Read()
        {
            if (!File.Exists(Path)) return new List<Entry>();
            var entries = new List<Entry>();
            foreach (var line in File.ReadAllLines(Path))
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                    && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var since))
                    entries.Add(new Entry(parts[0], id, DateTimeOffset.FromUnixTimeSeconds(since)));
            }
            return entries;
        }

        private sealed class Entry : IEquatable<Entry>
        {
            public Entry(string api, long id, DateTimeOffset since) { Api = api; Id = id; Since = since; }
            public string Api { get; }
            public long Id { get; }
            public DateTimeOffset Since { get; }
            public bool Equals(Entry? other) => other != null && other.Api == Api && other.Id == Id;
            public override bool Equals(object? obj) => Equals(obj as Entry);
            public override int GetHashCode() => Api.GetHashCode() ^ Id.GetHashCode();
        }
    }
}
