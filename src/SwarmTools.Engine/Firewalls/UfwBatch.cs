using System.Collections.Generic;
using System.Text;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// Many ufw rule commands in one ufw process. Each `ufw` run pays a Python start (~0.2 s), so
/// 200 rules (a 100-member swarm) took 40 s one by one; fed to ufw's own parser and frontend —
/// the code /usr/sbin/ufw runs — in one process, they take a fifth of that. Where ufw's Python
/// modules are not importable, the same lines go through the `ufw` command one by one.
/// </summary>
public static class UfwBatch
{
    // What /usr/sbin/ufw's main does for a rule command, once per stdin line, under ufw's lock.
    private const string Program = @"import shlex, sys, gettext
sys.argv[0] = '/usr/sbin/ufw'  # ufw checks the permissions of the program it runs as
import ufw.common, ufw.frontend
from ufw.util import create_lock, release_lock
gettext.install(ufw.common.programName)
ui = ufw.frontend.UFWFrontend(False)
lock = create_lock(lockfile='/run/ufw.lock', dryrun=False)
try:
    for line in sys.stdin:
        try:
            pr = ufw.frontend.parse_command(['ufw'] + shlex.split(line))
            ui.do_action(pr.action, pr.data.get('rule', ''), pr.data.get('iptype', ''), pr.force)
        except ufw.common.UFWError as e:
            sys.exit('ufw ' + line.strip() + ': ' + e.value)
finally:
    release_lock(lock)";

    /// <summary>A shell fragment that runs every line of <paramref name="commands"/> (ufw arguments) and fails on the first error.</summary>
    public static string Script(IReadOnlyList<string> commands)
    {
        if (commands.Count == 0) return "";
        var lines = string.Join("\n", commands);
        var s = new StringBuilder();
        s.Append("swarmtools_rules() { cat <<'SWARMTOOLS'\n").Append(lines).Append("\nSWARMTOOLS\n}\n");
        s.Append("if /usr/bin/python3 -c 'import ufw.frontend' 2>/dev/null; then\n");
        s.Append("  swarmtools_rules | /usr/bin/python3 -c \"$(cat <<'SWARMTOOLS'\n").Append(Program).Append("\nSWARMTOOLS\n)\" >/dev/null\n");
        s.Append("else\n  swarmtools_rules | while IFS= read -r r; do eval \"ufw $r\" >/dev/null; done\nfi\n");
        return s.ToString();
    }
}
