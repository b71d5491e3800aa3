using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// A small file of facts about droplets, one line each: "api-url id value unix-seconds", dropped
/// after a day. Rewritten through a temporary file and a rename, so a crash never truncates it,
/// under the file's <see cref="Ssh.FileLock"/>, so two sessions recording at once lose nothing.
/// </summary>
internal sealed class DropletRecords
{
    private static readonly object Gate = new object();
    private static readonly TimeSpan Forgotten = TimeSpan.FromDays(1);

    public DropletRecords(string path) => Path = path;

    public string Path { get; }

    public static string InHome(string name) => System.IO.Path.Combine(Ssh.UserHome.Directory, ".swarmtools", name);

    /// <summary>The records for this API (base URL): id → value.</summary>
    public IReadOnlyDictionary<long, string> Of(Uri api)
    {
        lock (Gate)
        {
            var found = new Dictionary<long, string>();
            foreach (var e in Read().Where(e => e.Api == api.ToString())) found[e.Id] = e.Value;
            return found;
        }
    }

    public void Set(Uri api, IEnumerable<KeyValuePair<long, string>> records)
    {
        var added = records.Select(r => new Entry(api.ToString(), r.Key, r.Value, DateTimeOffset.UtcNow)).ToList();
        Change(entries => added.Concat(entries.Where(e => !added.Contains(e))));
    }

    public void Remove(Uri api, long id) => Change(entries => entries.Where(e => !(e.Api == api.ToString() && e.Id == id)));

    private void Change(Func<IEnumerable<Entry>, IEnumerable<Entry>> change)
    {
        lock (Gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var held = Ssh.FileLock.Hold(Path);
            var before = Read();
            var after = change(before).Where(e => DateTimeOffset.UtcNow - e.Since < Forgotten)
                .GroupBy(e => (e.Api, e.Id)).Select(g => g.First()).ToList();
            if (after.Count == before.Count && after.All(a => before.Any(b => b.Equals(a) && b.Value == a.Value))) return;
            var temp = Path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, string.Concat(after.Select(e => $"{e.Api} {e.Id.ToString(CultureInfo.InvariantCulture)} {e.Value} {e.Since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}\n")), new UTF8Encoding(false));
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
            if (parts.Length == 4 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var since))
                entries.Add(new Entry(parts[0], id, parts[2], DateTimeOffset.FromUnixTimeSeconds(since)));
        }
        return entries;
    }

    private sealed class Entry : IEquatable<Entry>
    {
        public Entry(string api, long id, string value, DateTimeOffset since) { Api = api; Id = id; Value = value; Since = since; }
        public string Api { get; }
        public long Id { get; }
        public string Value { get; }
        public DateTimeOffset Since { get; }
        public bool Equals(Entry? other) => other != null && other.Api == Api && other.Id == Id;
        public override bool Equals(object? obj) => Equals(obj as Entry);
        public override int GetHashCode() => Api.GetHashCode() ^ Id.GetHashCode();
    }
}
