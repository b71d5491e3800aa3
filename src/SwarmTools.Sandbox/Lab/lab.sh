#!/usr/bin/env bash
# SwarmTools lab: boots sandbox droplets as real hosts on this machine.
# One host = network + mount + UTS + PID + cgroup namespaces with its own sshd, dockerd and ufw.
# Interface, address plan, timings and traps: README.md next to this file.
set -euo pipefail
shopt -s nullglob

SELF=$(readlink -f "${BASH_SOURCE[0]}")
readonly SELF
readonly PFX=swl                    # every machine-side name of every lab starts with this
readonly REG=/run/swarmlab          # registry: lab -> host -> statedir (lets clean find state dirs)
readonly CG=swarmlab                # cgroup subtree: <ctrl>/swarmlab/<lab>/<host>
readonly RULE_PREF=10               # ip rule priority of the "never route lab traffic" rules
readonly DEFAULT_GW=198.18.0.1/17
readonly HOST_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
readonly E_USAGE=2 E_CONFLICT=3 E_PRECOND=4 E_BOOT=5

# command:package — the one place that says what the lab needs (packages, check).
readonly NEEDS=(
  ip:iproute2 bridge:iproute2 dockerd:docker.io docker:docker.io containerd:docker.io
  runc:docker.io sshd:openssh-server ssh-keygen:openssh-client ssh:openssh-client
  ufw:ufw iptables:iptables ip6tables:iptables nsenter:util-linux unshare:util-linux
  setsid:util-linux flock:util-linux findmnt:util-linux mount:mount umount:mount
  busybox:busybox-static curl:curl
)

die() { local code=$1; shift; echo "lab.sh: $*" >&2; exit "$code"; }
warn() { echo "lab.sh: $*" >&2; }

# ---------------------------------------------------------------- names and validation
ns_of() { echo "$PFX-$1-$2"; }           # netns names are not length-limited
br_pub() { echo "$PFX${1}p"; }            # bridges: swl<lab>p / swl<lab>v
br_vpc() { echo "$PFX${1}v"; }
veth_pub() { echo "$PFX$1-${2}p"; }       # host-side veth ends: swl<lab>-<host>p/v (<= 15 chars)
veth_vpc() { echo "$PFX$1-${2}v"; }

check_lab() { [[ ${1-} =~ ^[a-z0-9]{1,4}$ ]] || die $E_USAGE "lab id must be 1-4 characters [a-z0-9], got '${1-}'"; }
check_host() { [[ ${1-} =~ ^[a-z0-9]{1,6}$ ]] || die $E_USAGE "host id must be 1-6 characters [a-z0-9], got '${1-}'"; }
need_root() { [[ $EUID -eq 0 ]] || die $E_PRECOND "must run as root"; }

# The statedir holds private keys: refuse one that others can read or that is not ours.
check_statedir() {
  local sd=${1-}
  [[ $sd == /* && $sd != / ]] || die $E_USAGE "statedir must be an absolute path, got '$sd'"
  [[ -d $sd && ! -L $sd ]] || die $E_USAGE "statedir $sd is not a directory"
  [[ $(stat -c '%u %a' "$sd") == "0 700" ]] || die $E_USAGE "statedir $sd must be owned by root with mode 0700"
}

ip4_ok() {
  [[ ${1-} =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] || return 1
  local o; for o in "${BASH_REMATCH[@]:1}"; do ((10#$o <= 255)) || return 1; done
}
ip4_int() { local IFS=. a b c d; read -r a b c d <<<"$1"; echo $(((10#$a << 24) | (10#$b << 16) | (10#$c << 8) | 10#$d)); }
# in_net ADDR NET/LEN: is ADDR inside NET/LEN?
in_net() {
  local a n=${2%/*} len=${2#*/} mask
  a=$(ip4_int "$1"); n=$(ip4_int "$n")
  mask=$(((0xffffffff << (32 - len)) & 0xffffffff))
  (((a & mask) == (n & mask)))
}
net_of() { # 198.18.0.1/17 -> 198.18.0.0/17
  local a len=${1#*/} m
  a=$(ip4_int "${1%/*}"); m=$(((0xffffffff << (32 - len)) & 0xffffffff)); a=$((a & m))
  echo "$((a >> 24)).$(((a >> 16) & 255)).$(((a >> 8) & 255)).$((a & 255))/$len"
}
cidr_ok() { # cidr_ok VALUE RANGE: host address with prefix, inside the lab range RANGE
  local v=$1 a=${1%/*} len=${1#*/}
  [[ $v == */* ]] && ip4_ok "$a" && [[ $len =~ ^[0-9]{1,2}$ ]] && ((len >= 8 && len <= 30)) && in_net "$a" "$2"
}

# host.env is parsed, never sourced: it is data from the caller, not code.
load_env() {
  local f=$1/host.env line key val
  [[ -f $f ]] || die $E_USAGE "missing $f"
  NAME='' PUBLIC_CIDR='' ANCHOR_CIDR='' PRIVATE_CIDR='' GATEWAY='' IMAGE=''
  SSHD_DELAY=0 DOCKERD_DELAY=0 UFW=auto DOCKERD=1 WAIT_ACTIVE=0 CLOUD_INIT=ok JOIN_DELAY=0
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*(#.*)?$ ]] && continue
    [[ $line =~ ^([A-Z_]+)=([^[:space:]]*)$ ]] || die $E_USAGE "host.env: bad line '$line' (KEY=VALUE, no spaces or quotes)"
    key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
    case $key in
      NAME | PUBLIC_CIDR | ANCHOR_CIDR | PRIVATE_CIDR | GATEWAY | IMAGE | SSHD_DELAY | DOCKERD_DELAY | UFW | DOCKERD | WAIT_ACTIVE | CLOUD_INIT | JOIN_DELAY)
        printf -v "$key" '%s' "$val" ;;
      *) die $E_USAGE "host.env: unknown key $key" ;;
    esac
  done <"$f"
  [[ $NAME =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,62})$ ]] || die $E_USAGE "host.env: NAME '$NAME' is not a valid hostname (max 63)"
  cidr_ok "$PUBLIC_CIDR" 198.18.0.0/17 || die $E_USAGE "host.env: PUBLIC_CIDR '$PUBLIC_CIDR' must be a.b.c.d/len in 198.18.0.0/17"
  cidr_ok "$ANCHOR_CIDR" 198.18.128.0/17 || die $E_USAGE "host.env: ANCHOR_CIDR '$ANCHOR_CIDR' must be a.b.c.d/len in 198.18.128.0/17"
  cidr_ok "$PRIVATE_CIDR" 198.19.0.0/16 || die $E_USAGE "host.env: PRIVATE_CIDR '$PRIVATE_CIDR' must be a.b.c.d/len in 198.19.0.0/16"
  ip4_ok "$GATEWAY" && in_net "$GATEWAY" "$PUBLIC_CIDR" || die $E_USAGE "host.env: GATEWAY '$GATEWAY' must be inside PUBLIC_CIDR"
  [[ $IMAGE =~ ^[a-z0-9][a-z0-9._-]{0,63}$ ]] || die $E_USAGE "host.env: IMAGE '$IMAGE' is not an image slug"
  [[ $SSHD_DELAY =~ ^[0-9]{1,4}(\.[0-9]{1,3})?$ ]] || die $E_USAGE "host.env: SSHD_DELAY must be seconds"
  [[ $DOCKERD_DELAY =~ ^[0-9]{1,4}(\.[0-9]{1,3})?$ ]] || die $E_USAGE "host.env: DOCKERD_DELAY must be seconds"
  [[ $UFW =~ ^(auto|enabled|inactive)$ ]] || die $E_USAGE "host.env: UFW must be auto, enabled or inactive"
  [[ $DOCKERD =~ ^[01]$ ]] || die $E_USAGE "host.env: DOCKERD must be 0 or 1"
  [[ $WAIT_ACTIVE =~ ^[01]$ ]] || die $E_USAGE "host.env: WAIT_ACTIVE must be 0 or 1"
  [[ $CLOUD_INIT =~ ^(ok|degraded)$ ]] || die $E_USAGE "host.env: CLOUD_INIT must be ok or degraded"
  [[ $JOIN_DELAY =~ ^[0-9]{1,4}(\.[0-9]{1,3})?$ ]] || die $E_USAGE "host.env: JOIN_DELAY must be seconds"
  # DigitalOcean's Docker 1-Click images ship with ufw enabled; plain images with ufw inactive.
  [[ $UFW != auto ]] || { [[ $IMAGE == docker-* ]] && UFW=enabled || UFW=inactive; }
}

# Host keys from cloud-config must be usable, or sshd would silently skip them.
check_keys() {
  local k t
  for k in "$1"/ssh_host_*_key; do
    t=$(basename "$k")
    [[ $t =~ ^ssh_host_(rsa|ecdsa|ed25519)_key$ ]] || die $E_USAGE "unsupported host key file $t"
    ssh-keygen -y -f "$k" >/dev/null 2>&1 || die $E_USAGE "$t is not a valid unencrypted private key"
    if [[ -f $k.pub ]]; then ssh-keygen -l -f "$k.pub" >/dev/null 2>&1 || die $E_USAGE "$t.pub is not a valid public key"; fi
  done
}

# ---------------------------------------------------------------- locking and registry
# clean/net-* take the lock exclusively, host-* shared: hosts boot in parallel, never during a clean.
lock() { mkdir -p "$REG"; exec 9>"$REG/.lock"; flock "$1" 9; }

reg_statedir() { [[ -f $REG/$1/$2 ]] && cat "$REG/$1/$2" || true; }

# Only a directory that host-up marked for this very lab/host is ever deleted.
remove_statedir() {
  local lab=$1 host=$2 sd=$3
  [[ -n $sd && $sd == /* && $sd != / && -d $sd ]] || return 0
  if [[ $(cat "$sd/.swarmlab" 2>/dev/null) != "swarmlab $lab $host" ]]; then
    warn "not removing $sd: no lab marker for $lab/$host"; return 0
  fi
  unmount_under "$sd"
  rm -rf --one-file-system "$sd"
}

# Host mounts live in private namespaces; this only catches strays on the machine.
unmount_under() {
  local m
  for m in $(findmnt -rn -o TARGET | grep -F -- "$1" | sort -r); do
    [[ $m == "$1" || $m == "$1"/* ]] && umount -l "$m" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- cgroups (process tracking)
# Every v1 kernel-controller hierarchy as "<dir> <options>" (name=... hierarchies are skipped).
cg_roots() {
  awk '{ split($0, p, " - "); split(p[1], l, " "); split(p[2], r, " ");
         if (r[1] != "cgroup" || l[5] !~ "^/sys/fs/cgroup/") next;
         n = split(r[3], o, ","); s = "";
         for (i = 1; i <= n; i++) if (o[i] != "rw" && o[i] != "ro" && o[i] !~ /^(name|release_agent)=/) s = s (s ? "," : "") o[i];
         if (s != "" && r[3] !~ /name=/) print l[5], s }' /proc/self/mountinfo
}

# cpuset children start empty and refuse tasks: copy cpus/mems down each level.
cg_mkdir() {
  local root=$1 rel=$2 path=$1 part f
  for part in ${rel//\// }; do
    path=$path/$part
    [[ -d $path ]] || mkdir "$path" 2>/dev/null || [[ -d $path ]]
    for f in cpuset.cpus cpuset.mems; do
      if [[ -f $path/$f && -z $(<"$path/$f") ]]; then cat "$(dirname "$path")/$f" >"$path/$f"; fi
    done
  done
  return 0
}

cg_prepare() { local root opts; while read -r root opts; do cg_mkdir "$root" "$1"; done < <(cg_roots); }
cg_join() { local root opts; while read -r root opts; do echo "$2" >"$root/$1/cgroup.procs"; done < <(cg_roots); }
cg_pids() {
  local root opts
  while read -r root opts; do
    if [[ -d $root/$1 ]]; then find "$root/$1" -name cgroup.procs -exec cat {} + 2>/dev/null || true; fi
  done < <(cg_roots) | sort -un
}

# Freeze (no new forks), SIGKILL everything, thaw so the kill lands; repeat until empty.
cg_kill() {
  local rel=$1 fz='' root opts pids i
  while read -r root opts; do if [[ ,$opts, == *,freezer,* ]]; then fz=$root/$rel; fi; done < <(cg_roots)
  for ((i = 0; i < 100; i++)); do
    pids=$(cg_pids "$rel")
    [[ -n $pids ]] || return 0
    [[ -n $fz && -d $fz ]] && echo FROZEN >"$fz/freezer.state" 2>/dev/null || true
    kill -9 $pids 2>/dev/null || true
    [[ -n $fz && -d $fz ]] && echo THAWED >"$fz/freezer.state" 2>/dev/null || true
    sleep 0.1
  done
  warn "processes survive in cgroup $rel: $(cg_pids "$rel" | tr '\n' ' ')"
}

cg_remove() {
  local root opts
  while read -r root opts; do
    [[ -d $root/$1 ]] && find "$root/$1" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done < <(cg_roots)
}

# ---------------------------------------------------------------- lab network (bridges)
net_exists() { ip link show "$(br_pub "$1")" &>/dev/null && ip link show "$(br_vpc "$1")" &>/dev/null; }
ipt() { iptables -w 10 "$@"; }
no_ipv6() { sysctl -q -w "net.ipv6.conf.$1.disable_ipv6=1" 2>/dev/null || true; }

net_up() {
  local lab=$1 gw=${2:-$DEFAULT_GW} bp bv net
  bp=$(br_pub "$lab") bv=$(br_vpc "$lab")
  cidr_ok "$gw" 198.18.0.0/17 || die $E_USAGE "gateway '$gw' must be a.b.c.d/len inside 198.18.0.0/17"
  need_root
  lock -x
  if net_exists "$lab"; then
    [[ $(ip -4 -o addr show dev "$bp") == *" $gw "* ]] && return 0
    die $E_CONFLICT "lab $lab is up with another gateway; net-down first"
  fi
  net_down_links "$lab"
  net=$(ip -4 route show root "$(net_of "$gw")" 2>/dev/null; ip -4 -o addr show to "$(net_of "$gw")" 2>/dev/null)
  [[ -z $net ]] || die $E_CONFLICT "$gw overlaps what is already on this machine (another lab?): $net"
  # Bridges on the machine: the public one carries the gateway the test runner uses;
  # the VPC one has no machine address (nobody routes the VPC).
  ip link add "$bp" type bridge forward_delay 0
  ip link add "$bv" type bridge forward_delay 0
  no_ipv6 "$bp"; no_ipv6 "$bv"
  ip addr add "$gw" dev "$bp"
  ip link set "$bp" up; ip link set "$bv" up
  # Nothing arriving from the lab is ever routed by the machine, whatever ip_forward says.
  ip rule add iif "$bp" pref $RULE_PREF prohibit
  ip rule add iif "$bv" pref $RULE_PREF prohibit
  # br_netfilter sends bridged frames through the machine's FORWARD chain: accept them so a
  # DROP policy (a dockerd on the machine sets one) cannot cut hosts off from each other.
  local c=(-m comment --comment "swarmlab:$lab")
  ipt -I FORWARD -i "$bp" -o "$bp" "${c[@]}" -j ACCEPT
  ipt -I FORWARD -i "$bv" -o "$bv" "${c[@]}" -j ACCEPT
  # Hosts may answer the machine but not open connections to its services.
  ipt -I INPUT -i "$bv" "${c[@]}" -j DROP
  ipt -I INPUT -i "$bp" "${c[@]}" -j REJECT
  ipt -I INPUT -i "$bp" -p icmp "${c[@]}" -j ACCEPT
  ipt -I INPUT -i "$bp" -m conntrack --ctstate ESTABLISHED,RELATED "${c[@]}" -j ACCEPT
  mkdir -p "$REG/$lab"
  echo "$gw" >"$REG/$lab/.net"
  echo "$PPID $(proc_start "$PPID")" >"$REG/$lab/.owner" # the sandbox server: clean --stale
  ufw_1click "$REG/$lab/ufw-1click"
}

net_down_links() {
  local lab=$1 line r
  # ip rules stay behind (as "[detached]") when their bridge is gone: delete them by name.
  while read -r line; do
    read -ra r <<<"$line"
    ip rule del pref "${r[0]}" iif "${r[1]}" 2>/dev/null || true
  done < <(ip rule show | sed -nE "s/^([0-9]+):.*iif ($PFX$lab[pv])( .*|$)/\1 \2/p")
  while read -r line; do
    line=${line//\"/} # iptables -S quotes the comment; ours has no spaces
    read -ra r <<<"${line/#-A /-D }"
    ipt "${r[@]}" 2>/dev/null || true
  done < <(ipt -S 2>/dev/null | grep -E -- "--comment \"?swarmlab:$lab\"?( |$)" || true)
  ip link del "$(br_pub "$lab")" 2>/dev/null || true
  ip link del "$(br_vpc "$lab")" 2>/dev/null || true
}

lab_hosts() { # every host of a lab that left any trace
  local lab=$1 root opts f
  {
    for f in "$REG/$lab"/*; do if [[ -f $f ]]; then basename "$f"; fi; done
    while read -r root opts; do for f in "$root/$CG/$lab"/*/; do basename "$f"; done; done < <(cg_roots)
    ip netns list 2>/dev/null | awk '{print $1}' | sed -nE "s/^$PFX-$lab-([a-z0-9]+)$/\1/p"
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed -E 's/@.*//' | sed -nE "s/^$PFX$lab-([a-z0-9]+)[pv]$/\1/p"
  } | { grep -E '^[a-z0-9]{1,6}$' || true; } | sort -u
}

all_labs() {
  local root opts f
  {
    for f in "$REG"/*/; do basename "$f"; done
    while read -r root opts; do for f in "$root/$CG"/*/; do basename "$f"; done; done < <(cg_roots)
    ip netns list 2>/dev/null | awk '{print $1}' | sed -nE "s/^$PFX-([a-z0-9]+)-[a-z0-9]+$/\1/p"
    ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed -E 's/@.*//' |
      sed -nE -e "s/^$PFX([a-z0-9]+)-[a-z0-9]+[pv]$/\1/p" -e "s/^$PFX([a-z0-9]+)[pv]$/\1/p"
    ip rule show | sed -nE "s/.*iif $PFX([a-z0-9]+)[pv]( .*|$)/\1/p"
    iptables -w 10 -S 2>/dev/null | sed -nE 's/.*--comment "?swarmlab:([a-z0-9]+)"?( .*|$)/\1/p'
  } | { grep -E '^[a-z0-9]{1,4}$' || true; } | sort -u
}

# ---------------------------------------------------------------- host: machine side
# Per-host copies of everything a host writes, so hosts never share or touch machine files.
prep_fs() {
  local lab=$1 sd=$2 fs=$2/fs t k
  rm -rf --one-file-system "$sd/fs" "$sd/lab"
  mkdir -p "$sd/lab" "$fs"/{etc-ssh,etc-ufw,etc-docker,var-lib-docker,var-lib-cloud,var-log,usr-local-bin,root/.ssh,tmp}
  chmod 1777 "$fs/tmp"; chmod 0700 "$fs/root" "$fs/root/.ssh" "$fs/var-lib-docker"

  # sshd: pristine package config, this host's own keys (given via cloud-config or generated).
  cp -a /etc/ssh/. "$fs/etc-ssh/"
  rm -f "$fs/etc-ssh"/ssh_host_* "$fs/etc-ssh/sshd_config.d"/*
  cp /usr/share/openssh/sshd_config "$fs/etc-ssh/sshd_config"
  echo "PasswordAuthentication no" >"$fs/etc-ssh/sshd_config.d/50-cloud-init.conf"
  # VERBOSE logs every connection ("Connection from …"): the benchmark counts them on the host.
  echo "LogLevel VERBOSE" >"$fs/etc-ssh/sshd_config.d/90-lab.conf"
  local given=("$sd"/ssh_host_*_key)
  if ((${#given[@]})); then
    for k in "${given[@]}"; do
      t=$(basename "$k")
      install -m 0600 "$k" "$fs/etc-ssh/$t"
      if [[ -f $k.pub ]]; then install -m 0644 "$k.pub" "$fs/etc-ssh/$t.pub"
      else ssh-keygen -y -f "$k" >"$fs/etc-ssh/$t.pub"; fi
    done
  else # what cloud-init generates when the user data brings no host keys
    for t in rsa ecdsa ed25519; do
      ssh-keygen -q -t "$t" -N '' -C "root@$NAME" -f "$fs/etc-ssh/ssh_host_${t}_key"
    done
  fi

  # ufw: /etc/default/ufw is per host too (ufw rewrites it, and a shared copy gets corrupted
  # when hosts boot together).
  write_default_ufw "$fs/etc-default-ufw"
  if [[ $UFW == enabled ]]; then
    [[ -d $REG/$lab/ufw-1click ]] || ufw_1click "$REG/$lab/ufw-1click"
    cp -a "$REG/$lab/ufw-1click/." "$fs/etc-ufw/"
  else
    ufw_pristine "$fs/etc-ufw"
  fi

  cp /etc/skel/.bashrc /etc/skel/.profile "$fs/root/" 2>/dev/null || true
  if [[ -f $sd/authorized_keys ]]; then install -m 0600 "$sd/authorized_keys" "$fs/root/.ssh/authorized_keys"
  else install -m 0600 /dev/null "$fs/root/.ssh/authorized_keys"; fi
  for t in wtmp btmp lastlog; do install -m 0660 /dev/null "$fs/var-log/$t"; done

  # cloud-init keeps the user data it ran on disk (0600) for the instance's life, as on a droplet.
  mkdir -p "$fs/var-lib-cloud/instances/lab-$host"
  ln -s "/var/lib/cloud/instances/lab-$host" "$fs/var-lib-cloud/instance"
  if [[ -f $sd/user-data ]]; then install -m 0600 "$sd/user-data" "$fs/var-lib-cloud/instances/lab-$host/user-data.txt"; fi

  echo "$NAME" >"$fs/etc-hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 %s %s\n::1 localhost ip6-localhost ip6-loopback\n' "$NAME" "${NAME%%.*}" >"$fs/etc-hosts"
  # The only resolver is the lab gateway, which refuses at once: no DNS query leaves the lab.
  printf 'nameserver %s\noptions timeout:1 attempts:1\n' "$GATEWAY" >"$fs/etc-resolv.conf"
  write_cloud_init "$fs/usr-local-bin/cloud-init"
  if [[ -f $sd/runcmd.sh ]]; then install -m 0700 "$sd/runcmd.sh" "$sd/lab/runcmd"; fi
}

write_default_ufw() {
  cat >"$1" <<'EOF'
# /etc/default/ufw (SwarmTools lab host)
IPV6=yes
DEFAULT_INPUT_POLICY="DROP"
DEFAULT_OUTPUT_POLICY="ACCEPT"
DEFAULT_FORWARD_POLICY="DROP"
DEFAULT_APPLICATION_POLICY="SKIP"
MANAGE_BUILTINS=no
IPT_SYSCTL=/etc/ufw/sysctl.conf
IPT_MODULES=""
EOF
}

ufw_pristine() { # /etc/ufw as the package ships it, whatever the machine's copy went through
  mkdir -p "$1"
  cp -a /etc/ufw/. "$1/"
  cp /usr/share/ufw/ufw.conf /usr/share/ufw/*.rules "$1/"
}

# /etc/ufw of a Docker 1-Click image, made once per lab by the real ufw (in a throwaway
# net+mount namespace, on copies): hosts then boot it with ufw-init as ufw.service does,
# instead of four python runs each (10 hosts booting together spent seconds in them).
ufw_1click() {
  local dst=$1 tmp
  tmp=$(mktemp -d)
  ufw_pristine "$tmp/etc-ufw"; write_default_ufw "$tmp/default-ufw"
  unshare --net --mount -- bash -c '
    mount --bind "$1/etc-ufw" /etc/ufw && mount --bind "$1/default-ufw" /etc/default/ufw &&
    ufw limit 22/tcp && ufw allow 2375/tcp && ufw allow 2376/tcp' _ "$tmp" >/dev/null
  sed -i 's/^ENABLED=.*/ENABLED=yes/' "$tmp/etc-ufw/ufw.conf"
  mkdir -p "$(dirname "$dst")"; rm -rf "$dst.new"; mv "$tmp/etc-ufw" "$dst.new"
  mv -T "$dst.new" "$dst" 2>/dev/null || rm -rf "$dst.new" # a parallel host-up may have won
  rm -rf "$tmp"
}

write_cloud_init() {
  cat >"$1" <<'EOF'
#!/bin/sh
# cloud-init stand-in of the SwarmTools lab: only `cloud-init status` (boot state of this host).
state() { cat /run/cloud-init/lab-state 2>/dev/null || echo "not started"; }
# cloud-init 23.4+: a boot that finished with recoverable errors is "degraded done", exit 2.
show() {
  s=$(state) x=$(state)
  [ "$s" = done ] && [ -f /run/cloud-init/lab-recoverable ] && x="degraded done"
  case $format in
    json) printf '{"status": "%s", "extended_status": "%s", "detail": "DataSourceDigitalOcean", "errors": []}\n' "$s" "$x" ;;
    *) echo "status: $s"
       [ "$long" = 1 ] && printf 'extended_status: %s\nboot_status_code: enabled-by-generator\ndetail: DataSourceDigitalOcean\nerrors: []\n' "$x"
       [ "$long" = 1 ] && [ "$x" != "$s" ] && printf 'recoverable_errors:\nWARNING:\n\t- %s\n' "$(cat /run/cloud-init/lab-recoverable)" ;;
  esac
  [ "$s" = error ] && return 1
  [ "$x" != "$s" ] && return 2
  return 0
}
case ${1-} in
  status)
    shift; wait=0 long=0 format=tabular
    while [ $# -gt 0 ]; do
      case $1 in
        -w|--wait) wait=1 ;;
        -l|--long) long=1 ;;
        --format) format=${2-}; shift ;;
        --format=*) format=${1#--format=} ;;
        *) echo "cloud-init status: unknown option $1" >&2; exit 2 ;;
      esac; shift
    done
    if [ $wait = 1 ]; then
      while [ "$(state)" = running ] || [ "$(state)" = "not started" ]; do printf .; sleep 0.25; done
      echo
    fi
    show ;;
  --version|-v) echo "/usr/bin/cloud-init 24.1.3 (SwarmTools lab stand-in)" ;;
  *) echo "cloud-init (SwarmTools lab): only 'cloud-init status [--wait] [--long] [--format json]' exists here" >&2; exit 2 ;;
esac
EOF
  chmod 0755 "$1"
}

net_host_up() {
  local lab=$1 host=$2 ns vp vv
  ns=$(ns_of "$lab" "$host") vp=$(veth_pub "$lab" "$host") vv=$(veth_vpc "$lab" "$host")
  ip netns add "$ns"
  # Peers are created directly inside the namespace: "eth0" must never exist on the machine.
  ip link add "$vp" type veth peer name eth0 netns "$ns"
  ip link add "$vv" type veth peer name eth1 netns "$ns"
  no_ipv6 "$vp"; no_ipv6 "$vv"
  ip link set "$vp" master "$(br_pub "$lab")" up
  ip link set "$vv" master "$(br_vpc "$lab")" up
  # Public then anchor on eth0, in that order: docker's advertise error lists them like a droplet.
  ip -n "$ns" addr add "$PUBLIC_CIDR" dev eth0
  ip -n "$ns" addr add "$ANCHOR_CIDR" dev eth0
  ip -n "$ns" addr add "$PRIVATE_CIDR" dev eth1
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set eth1 up
  ip -n "$ns" route add default via "$GATEWAY" dev eth0
}

# Start the host: join its cgroups, enter its netns, new mount/UTS/PID/cgroup namespaces.
# env -i: the caller's environment (API tokens...) must not leak into the host.
launch() {
  local lab=$1 host=$2 sd=$3
  (
    exec </dev/null >>"$sd/lab/boot.log" 2>&1 9>&- # fd 9 is the lab lock: hosts must not hold it
    # Nor any descriptor the caller inherited (a caller under `flock file cmd` passes that lock
    # on): a host that outlives its sandbox would hold it for ever.
    local fd
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      ((fd > 2 && fd != 255)) && eval "exec $fd>&-"
    done
    cg_join "$CG/$lab/$host" "$BASHPID"
    exec setsid -w env -i PATH="$HOST_PATH" HOME=/root LANG=C.UTF-8 \
      nsenter --net="/run/netns/$(ns_of "$lab" "$host")" -- \
      unshare --mount --uts --cgroup --pid --fork --kill-child --mount-proc -- \
      "$BASH" "$SELF" _boot "$lab" "$host" "$sd" "${4-first}" # no need for the x bit on a copied lab.sh
  ) &
  echo $! >"$sd/lab/launcher.pid"
}

host_teardown() { # kill and unwire one host; statedir untouched
  local lab=$1 host=$2 ns pids i
  ns=$(ns_of "$lab" "$host")
  cg_kill "$CG/$lab/$host"
  for ((i = 0; i < 50; i++)); do # stragglers that entered the netns from outside the cgroup
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -n $pids ]] || break
    kill -9 $pids 2>/dev/null || true; sleep 0.1
  done
  if [[ -e /run/netns/$ns ]]; then
    ip netns del "$ns" 2>/dev/null || { umount -l "/run/netns/$ns" 2>/dev/null || true; rm -f "/run/netns/$ns"; }
  fi
  ip link del "$(veth_pub "$lab" "$host")" 2>/dev/null || true
  ip link del "$(veth_vpc "$lab" "$host")" 2>/dev/null || true
  cg_remove "$CG/$lab/$host"
}

host_up() {
  local lab=$1 host=$2 sd=$3 ns i pid
  check_lab "$lab"; check_host "$host"; check_statedir "$sd"; need_root
  load_env "$sd"; check_keys "$sd"
  lock -s
  net_exists "$lab" || die $E_PRECOND "lab $lab has no network: run 'lab.sh net-up $lab' first"
  ns=$(ns_of "$lab" "$host")
  [[ ! -e /run/netns/$ns && ! -f $REG/$lab/$host ]] || die $E_CONFLICT "host $lab/$host exists: host-down it first"
  # Register before creating anything so that clean finds the state of a crashed run.
  mkdir -p "$REG/$lab"; echo "$sd" >"$REG/$lab/$host"
  echo "swarmlab $lab $host" >"$sd/.swarmlab"
  trap 'host_teardown "$lab" "$host"' EXIT
  prep_fs "$lab" "$sd"
  mkdir -p /var/lib/docker /var/lib/cloud # bind-mount targets (absent until the machine's dockerd or cloud-init first runs)
  net_host_up "$lab" "$host"
  cg_prepare "$CG/$lab/$host"
  cg_roots >"$sd/lab/cgroups" # the host remounts these; it cannot see the machine's list
  launch "$lab" "$host" "$sd"
  pid=$(<"$sd/lab/launcher.pid")
  for ((i = 0; i < 300; i++)); do
    [[ -f $sd/lab/ready ]] && break
    if ! kill -0 "$pid" 2>/dev/null; then
      warn "host $lab/$host failed to boot; last lines of $sd/lab/boot.log:"
      tail -n 5 "$sd/lab/boot.log" >&2
      exit $E_BOOT
    fi
    sleep 0.1
  done
  [[ -f $sd/lab/ready ]] || { warn "host $lab/$host not ready after 30 s (see $sd/lab/boot.log)"; exit $E_BOOT; }
  trap - EXIT
  echo "ns=$ns"
  echo "pid=$pid"
}

# Power off: every process goes and the host is unwired, as host-down does, but the statedir
# (its disks: /etc, /var/lib/docker, /var/log...) and its registration stay for host-start.
host_stop() {
  local lab=$1 host=$2
  check_lab "$lab"; check_host "$host"; need_root
  lock -s
  [[ -n $(reg_statedir "$lab" "$host") ]] || die $E_CONFLICT "host $lab/$host does not exist"
  host_teardown "$lab" "$host"
  echo "$(date +%T.%N) powered off" >>"$(reg_statedir "$lab" "$host")/lab/boot.log"
}

# Power on a stopped host from its own disks: a reboot's boot order (ufw, then sshd, then
# dockerd); cloud-init does not run again (its runcmd ran once, on the first boot).
host_start() {
  local lab=$1 host=$2 sd=$3 i pid
  check_lab "$lab"; check_host "$host"; check_statedir "$sd"; need_root
  load_env "$sd"
  lock -s
  net_exists "$lab" || die $E_PRECOND "lab $lab has no network: run 'lab.sh net-up $lab' first"
  [[ $(reg_statedir "$lab" "$host") == "$sd" && -d $sd/fs ]] || die $E_CONFLICT "host $lab/$host was never booted from $sd"
  [[ ! -e /run/netns/$(ns_of "$lab" "$host") ]] || die $E_CONFLICT "host $lab/$host is running: host-stop it first"
  trap 'host_teardown "$lab" "$host"' EXIT
  rm -f "$sd/lab/ready"
  net_host_up "$lab" "$host"
  cg_prepare "$CG/$lab/$host"
  cg_roots >"$sd/lab/cgroups"
  launch "$lab" "$host" "$sd" again
  pid=$(<"$sd/lab/launcher.pid")
  for ((i = 0; i < 300; i++)); do
    [[ -f $sd/lab/ready ]] && break
    kill -0 "$pid" 2>/dev/null || { warn "host $lab/$host failed to boot again; see $sd/lab/boot.log"; tail -n 5 "$sd/lab/boot.log" >&2; exit $E_BOOT; }
    sleep 0.1
  done
  [[ -f $sd/lab/ready ]] || { warn "host $lab/$host not ready after 30 s (see $sd/lab/boot.log)"; exit $E_BOOT; }
  trap - EXIT
  echo "pid=$pid"
}

# The sandbox's cloud firewalls for one host: the chains SWL-CLOUD-IN/OUT in the host's mangle
# table (ufw and Docker never touch it), replaced whole from an iptables-restore file, each hooked
# once at the top of PREROUTING / POSTROUTING.
host_cloudfw() {
  local lab=$1 host=$2 file=$3 ns chain hook
  check_lab "$lab"; check_host "$host"; need_root
  ns=$(ns_of "$lab" "$host")
  [[ -e /run/netns/$ns ]] || die $E_CONFLICT "host $lab/$host is not running"
  [[ -f $file ]] || die $E_USAGE "no rules file $file"
  ip netns exec "$ns" iptables-restore -w 10 --noflush <"$file" || die 1 "iptables-restore refused $file"
  for hook in PREROUTING:SWL-CLOUD-IN POSTROUTING:SWL-CLOUD-OUT; do
    chain=${hook#*:} hook=${hook%%:*}
    ip netns exec "$ns" iptables -w 10 -t mangle -C "$hook" -j "$chain" 2>/dev/null \
      || ip netns exec "$ns" iptables -w 10 -t mangle -I "$hook" 1 -j "$chain"
  done
}

host_down() {
  local lab=$1 host=$2 sd=${3-} reg
  check_lab "$lab"; check_host "$host"; need_root
  lock -s
  reg=$(reg_statedir "$lab" "$host")
  host_teardown "$lab" "$host"
  remove_statedir "$lab" "$host" "$sd"
  [[ -z $reg || $reg == "$sd" ]] || remove_statedir "$lab" "$host" "$reg"
  rm -f "$REG/$lab/$host"
}

# ---------------------------------------------------------------- host: inside (pid 1)
# Inside the host the statedir is /run/lab: its machine path may sit under a directory the
# host hides (/tmp, /root, /run...), so it is bound through an fd opened before any mount.
boot_mounts() {
  local sd=/run/lab fs=/run/lab/fs root opts
  mount --make-rprivate /
  # Our copy of /run/netns would pin every other host's netns alive: drop it before hiding /run.
  umount -l /run/netns 2>/dev/null || true
  mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run         # own docker.sock, sshd pid, ufw lock
  mkdir -p /run/lock /run/sshd /run/cloud-init /run/lab
  mount --bind /proc/self/fd/8 /run/lab; exec 8<&-
  # Our own sysfs (this netns' devices); it hides the machine's cgroup mounts, so add them back:
  # dockerd dies with "Devices cgroup isn't mounted" otherwise. The cgroup namespace roots them
  # at this host's cgroup, so containers land inside the host's subtree.
  umount -l /sys; mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
  mount -t tmpfs -o mode=0755,nosuid,nodev,noexec tmpfs /sys/fs/cgroup
  while read -r root opts; do
    mkdir -p "$root"; mount -t cgroup -o "$opts" cgroup "$root"
  done <"$sd/lab/cgroups"
  # Non-network sysctls are machine-wide: read-only here, /proc/sys/net stays per host.
  mount --bind /proc/sys /proc/sys
  mount --bind /proc/sys/net /proc/sys/net
  mount -o remount,bind,ro /proc/sys
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
  mount --bind "$fs/etc-ssh" /etc/ssh
  mount --bind "$fs/etc-ufw" /etc/ufw
  mount --bind "$fs/etc-default-ufw" /etc/default/ufw
  mount --bind "$fs/etc-docker" /etc/docker
  mount --bind "$fs/var-lib-docker" /var/lib/docker
  mount --bind "$fs/var-lib-cloud" /var/lib/cloud
  mount --bind "$fs/var-log" /var/log
  mount --bind "$fs/root" /root
  mount --bind "$fs/tmp" /tmp
  mount --bind "$fs/usr-local-bin" /usr/local/bin           # cloud-init; hides machine tools
  mount --bind "$fs/etc-hostname" /etc/hostname
  mount --bind "$fs/etc-hosts" /etc/hosts
  mount --bind "$fs/etc-resolv.conf" /etc/resolv.conf
}

set_state() { # cloud-init state, seen inside (cloud-init status) and outside (lab/status)
  echo "$1" >/run/cloud-init/lab-state
  echo "$1" >"$2/lab/status"
}

boot_services() {
  local sd=$1 i
  if [[ $WAIT_ACTIVE == 1 ]]; then # the caller says when the droplet turned active
    while [[ ! -e $sd/active ]]; do sleep 0.1; done
    echo "$(date +%T.%N) droplet active"
  fi
  sleep "$SSHD_DELAY"
  /usr/sbin/sshd -t || { echo "sshd refuses its configuration"; return 1; }
  /usr/sbin/sshd -D -e >>/var/log/sshd.log 2>&1 &
  echo "$(date +%T.%N) sshd started"
  [[ $DOCKERD == 1 ]] || return 0
  sleep "$DOCKERD_DELAY"
  dockerd >>/var/log/docker.log 2>&1 &
  echo "$(date +%T.%N) dockerd started"
  for ((i = 0; i < 600; i++)); do
    docker version --format '{{.Server.Version}}' &>/dev/null && break
    sleep 0.2
  done
  ((i < 600)) || { echo "dockerd did not answer in 120 s"; return 1; }
  echo "$(date +%T.%N) dockerd answers"
}

# A join that takes JOIN_DELAY seconds longer than it should (a `slow-join` fault): 2377 stays
# blocked from when the node starts joining (state "pending") until JOIN_DELAY later, as over a
# slow or lossy link. Docker answers the join "Timeout was reached before node joined" after 20 s
# and goes on joining in the background. A node that starts a swarm instead (active without
# pending) is let go at once. The raw table: ufw never touches it.
slow_join() {
  [[ $JOIN_DELAY != 0 ]] || return 0
  iptables -w 10 -t raw -I OUTPUT -p tcp --dport 2377 -j DROP
  (
    local state=''
    until [[ $state == pending || $state == active ]]; do
      sleep 0.5; state=$(docker info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true)
    done
    if [[ $state == pending ]]; then
      echo "$(date +%T.%N) swarm join started: 2377 stays blocked for ${JOIN_DELAY} s"
      sleep "$JOIN_DELAY"
    fi
    iptables -w 10 -t raw -D OUTPUT -p tcp --dport 2377 -j DROP
    echo "$(date +%T.%N) 2377 open again"
  ) &
}

# Recoverable errors (a `cloud-init-degraded` fault): the boot finishes, degraded.
recoverable_error() {
  [[ $CLOUD_INIT == degraded ]] || return 0
  local why="lab: a module reported a recoverable error (the droplet works; see cloud-init status --long)"
  echo "$why" >/run/cloud-init/lab-recoverable
  echo "WARNING: $why" >>/var/log/cloud-init-output.log
}

run_runcmd() { # cloud-init's runcmd / user script, output where cloud-init puts it
  local sd=$1
  [[ -f $sd/lab/runcmd ]] || return 0
  if [[ $(head -c2 "$sd/lab/runcmd") == '#!' ]]; then
    (cd / && "$sd/lab/runcmd") >>/var/log/cloud-init-output.log 2>&1
  else
    (cd / && sh "$sd/lab/runcmd") >>/var/log/cloud-init-output.log 2>&1
  fi
}

# A boot after power-off: the host's own disks, ufw.service first (it loads the rules, after.rules
# included, before anything listens), then sshd and dockerd; no cloud-init modules run again.
boot_again() {
  local sd=/run/lab i
  cp "$sd/lab/status" /run/cloud-init/lab-state 2>/dev/null || echo done >/run/cloud-init/lab-state
  /lib/ufw/ufw-init start >/dev/null || true # = ufw.service: does nothing unless ufw.conf says ENABLED=yes
  touch "$sd/lab/ready"
  echo "$(date +%T.%N) namespaces ready (ufw: $(grep -E '^ENABLED=' /etc/ufw/ufw.conf 2>/dev/null || echo none))"
  /usr/sbin/sshd -D -e >>/var/log/sshd.log 2>&1 &
  echo "$(date +%T.%N) sshd started"
  [[ $DOCKERD == 1 ]] || return 0
  dockerd >>/var/log/docker.log 2>&1 &
  echo "$(date +%T.%N) dockerd started"
  for ((i = 0; i < 600; i++)); do
    docker version --format '{{.Server.Version}}' &>/dev/null && break
    sleep 0.2
  done
  echo "$(date +%T.%N) dockerd answers"
}

boot() {
  local lab=$1 host=$2 sd=$3 mode=${4-first}
  load_env "$sd"
  if [[ $mode == again ]]; then
    echo "$(date +%T.%N) booting $NAME ($lab/$host) again"
    exec 8<"$sd"
    boot_mounts
    hostname "$NAME"
    boot_again
    echo "$(date +%T.%N) boot finished"
    while :; do sleep 3600 & wait $! || true; done
  fi
  echo "$(date +%T.%N) booting $NAME ($lab/$host)"
  exec 8<"$sd"
  boot_mounts
  sd=/run/lab
  hostname "$NAME"
  set_state running "$sd"
  if [[ $UFW == enabled ]]; then /lib/ufw/ufw-init start >/dev/null; fi # = ufw.service at boot
  touch "$sd/lab/ready"
  echo "$(date +%T.%N) namespaces ready (ufw $UFW)"
  slow_join
  if boot_services "$sd" && run_runcmd "$sd"; then recoverable_error; set_state done "$sd"; else set_state error "$sd"; fi
  echo "$(date +%T.%N) boot finished: $(<"$sd/lab/status")"
  # pid 1 of the host: stay alive and reap orphans (bash reaps any child on SIGCHLD).
  while :; do sleep 3600 & wait $! || true; done
}

# ---------------------------------------------------------------- clean, check, packages
clean_lab() {
  local lab=$1 host
  for host in $(lab_hosts "$lab"); do
    host_teardown "$lab" "$host"
    remove_statedir "$lab" "$host" "$(reg_statedir "$lab" "$host")"
    rm -f "$REG/$lab/$host"
  done
  net_down_links "$lab"
  cg_remove "$CG/$lab"
  rm -rf "${REG:?}/$lab"
}

proc_start() { # start time of a live pid (tells a live owner from a recycled pid or a zombie)
  [[ -r /proc/$1/stat ]] && sed -E 's/^.*\) //' "/proc/$1/stat" 2>/dev/null | awk '$1 != "Z" {print $20}' || true
}

# A lab is stale when the process that ran its net-up is gone (or it never finished net-up).
stale_labs() {
  local lab pid start
  for lab in $(all_labs); do
    if read -r pid start 2>/dev/null <"$REG/$lab/.owner" && [[ -n $pid && $(proc_start "$pid") == "$start" ]]; then
      continue
    fi
    echo "$lab"
  done
}

clean() {
  local lab root opts labs
  need_root
  if [[ ${1-} == --stale ]]; then
    lock -x; labs=$(stale_labs)
  else
    if [[ -n ${1-} ]]; then check_lab "$1"; fi
    lock -x; labs=${1:-$(all_labs)}
  fi
  for lab in $labs; do echo "cleaning lab $lab" >&2; clean_lab "$lab"; done
  if [[ -z ${1-} ]]; then # every lab is gone: also what the first host-up left on the machine
    while read -r root opts; do rmdir "$root/$CG" 2>/dev/null || true; done < <(cg_roots)
    if [[ -z $(ls -A /run/netns 2>/dev/null) ]]; then umount /run/netns 2>/dev/null || true; rmdir /run/netns 2>/dev/null || true; fi
    rmdir /var/lib/docker 2>/dev/null || true # only if empty: never the machine's own docker data
    rm -rf "${REG:?}"
  fi
}

net_down() {
  local lab=$1 hosts
  need_root
  lock -x
  hosts=$(lab_hosts "$lab" | tr '\n' ' ')
  [[ -z $hosts ]] || die $E_CONFLICT "lab $lab still has hosts: $hosts(host-down them or use clean)"
  net_down_links "$lab"
  cg_remove "$CG/$lab"
  rm -rf "${REG:?}/$lab"
}

packages() { printf '%s\n' "${NEEDS[@]}" | cut -d: -f2 | awk '!seen[$0]++'; }

check() {
  local bad=() n c p ctl roots
  [[ $EUID -eq 0 ]] || bad+=("not root (the lab creates namespaces, bridges and mounts)")
  for n in "${NEEDS[@]}"; do
    c=${n%%:*} p=${n#*:}
    command -v "$c" >/dev/null || bad+=("command '$c' missing (package $p)")
  done
  [[ -f /usr/share/openssh/sshd_config ]] || bad+=("/usr/share/openssh/sshd_config missing (package openssh-server)")
  [[ -f /usr/share/ufw/user.rules ]] || bad+=("/usr/share/ufw/*.rules missing (package ufw)")
  for n in /etc/hostname /etc/hosts /etc/resolv.conf /etc/default/ufw; do # bind-mount targets
    [[ -f $n && ! -L $n ]] || bad+=("$n must be a regular file (hosts bind their own copy over it)")
  done
  for n in /etc/ssh /etc/ufw /etc/docker /usr/local/bin /var/log /root /tmp; do
    [[ -d $n && ! -L $n ]] || bad+=("$n must be a directory (hosts bind their own copy over it)")
  done
  for n in net mnt uts pid cgroup; do [[ -e /proc/self/ns/$n ]] || bad+=("kernel lacks $n namespaces"); done
  grep -qw overlay /proc/filesystems || bad+=("kernel lacks overlayfs (dockerd's overlay2)")
  roots=$(cg_roots | awk '{print ","$2","}')
  for ctl in cpuset memory devices freezer pids; do
    [[ $roots == *",$ctl,"* ]] || bad+=("cgroup v1 controller '$ctl' not mounted under /sys/fs/cgroup (dockerd 20.10 needs v1)")
  done
  if [[ $EUID -eq 0 ]] && command -v ip >/dev/null; then
    if ip link add "${PFX}chk0" type veth peer name "${PFX}chk1" 2>/dev/null; then ip link del "${PFX}chk0"
    else bad+=("kernel cannot create veth pairs"); fi
    if ip link add "${PFX}chkb" type bridge 2>/dev/null; then ip link del "${PFX}chkb"
    else bad+=("kernel cannot create bridges"); fi
    iptables -w 10 -S >/dev/null 2>&1 || bad+=("iptables does not work")
  fi
  if ((${#bad[@]})); then printf 'lab.sh check: %s\n' "${bad[@]}" >&2; exit $E_PRECOND; fi
  echo "lab.sh check: ok"
}

usage() {
  cat >&2 <<'EOF'
usage: lab.sh net-up <lab> [<gateway-cidr>]   shared bridges of a lab (default gateway 198.18.0.1/17)
       lab.sh net-down <lab>                  remove them (the lab must have no hosts)
       lab.sh host-up <lab> <host> <statedir> boot a host from <statedir>/host.env & co
       lab.sh host-down <lab> <host> [<statedir>]  stop it, remove everything incl. the statedir
       lab.sh clean [<lab> | --stale]         remove every trace of a lab (all labs; labs whose
                                              net-up caller is gone)
       lab.sh packages | check
EOF
  exit $E_USAGE
}

main() {
  local cmd=${1-}; shift || true
  case $cmd in
    net-up) (($# == 1 || $# == 2)) || usage; check_lab "$1"; net_up "$@" ;;
    net-down) (($# == 1)) || usage; check_lab "$1"; net_down "$1" ;;
    host-up) (($# == 3)) || usage; host_up "$@" ;;
    host-down) (($# == 2 || $# == 3)) || usage; host_down "$@" ;;
    host-stop) (($# == 2)) || usage; host_stop "$@" ;;
    host-start) (($# == 3)) || usage; host_start "$@" ;;
    host-cloudfw) (($# == 3)) || usage; host_cloudfw "$@" ;;
    clean) (($# <= 1)) || usage; clean "$@" ;;
    packages) packages ;;
    check) check ;;
    _boot) boot "$@" ;; # internal: pid 1 of a host
    *) usage ;;
  esac
}

main "$@"
