#!/usr/bin/env bash
# scripts/testbed.sh -- provision and start the docker-mcp-server integration test bed.
#
# Everything comes from Debian packages (bookworm, plus a few trixie .debs that are
# downloaded through a PRIVATE apt configuration -- the system's apt sources are never
# changed). Must run as root. Idempotent: re-running while things are up only checks them.
#
#   scripts/testbed.sh [start]   provision + start what is down, write $STATE/env, print its path
#   scripts/testbed.sh status    print what is up; exit 1 if anything is down
#   scripts/testbed.sh verify    end-to-end checks (containers, networks, registries, TLS, ssh)
#   scripts/testbed.sh stop      stop everything this script started (packages stay installed)
#
# State dir: ${DMCP_TESTBED_DIR:-/var/lib/dmcp-testbed}. Progress goes to stderr; `start`
# prints only the env file path on stdout.
#
# What runs (all detached with setsid, logs in $STATE/logs):
#   engine A  bookworm docker.io dockerd 20.10 on unix:///var/run/docker.sock (own managed
#             containerd 1.6, default bridge docker0, iptables=true)
#   engine B  trixie dockerd 26.1 (API 1.45) + trixie containerd 1.7 (own config/root/state/
#             socket under /run/dmcp-engine-b), unix:///run/dmcp-engine-b/docker.sock and
#             TLS tcp://127.0.0.1:23760 (client cert required), its own bridge dmcpb0.
#             trixie's runc needs glibc 2.38 and cannot run on bookworm (2.36), so engine B
#             falls back to bookworm's runc when trixie's does not execute.
#   engine C  bookworm dockerd 20.10 (the same binaries as engine A) with its own containerd,
#             data-root ($STATE/engine-c), exec-root, pidfile and sockets (/run/dmcp-engine-c), on
#             unix:///run/dmcp-engine-c/docker.sock (the socket is in the host filesystem), in
#             its own network namespace dmcpc (veth dmcpc-host <-> dmcpc-eth, a /30 whose .1 is
#             the host and .2 engine C, its own bridge dmcpc0 inside the namespace, its own
#             iptables) and UTS namespace (hostname dmcp-engine-c). Engine B refuses swarm mode
#             (--live-restore), so engine C is the node that joins engine A's swarm: tests init
#             the swarm on A advertising ENGINE_A_SWARM_ADDR and join C with ENGINE_C_SWARM_ADDR.
#             `ip netns exec` would remount /sys and hide the cgroup v1 mounts, so the daemons
#             are started with `nsenter --net` (network namespace only). The namespace has no
#             default route (see ensure_netns_c).
#   swarm     swarm state is global to an engine: `start` makes A and C leave any swarm a
#             previous run left behind (docker swarm leave --force).
#   iptables  dockerd's bridge driver DELETES and recreates its DOCKER/DOCKER-ISOLATION chains
#             when it starts, so two daemons with iptables=true in one network namespace wipe
#             each other's rules. Engine B therefore runs with --iptables=false and this
#             script adds its own filter chain DMCP-TESTBED (jumped to from FORWARD) that
#             accepts traffic inside engine B's address pool: engine A sets FORWARD policy
#             DROP and bridge-nf-call-iptables=1 makes bridged traffic traverse FORWARD, so
#             without it containers on engine B's user-defined networks cannot reach each
#             other. Published ports on B work through docker-proxy (userland proxy).
#   docker0   a dockerd started with --bridge=none, or restarted with --default-address-pool
#             set and live-restore off, deletes the interface named docker0 (hard-coded) --
#             i.e. engine A's bridge. Engine B needs its own pool (172.31.0.0/16, /24 networks:
#             no subnet races with engine A, and the firewall rule above can name it), so it
#             runs with --live-restore, which skips that deletion. Its containers therefore
#             outlive a dockerd restart; `stop` stops them first.
#   registries (docker-registry = distribution 2.8.2): plain HTTP 127.0.0.1:5000,
#             TLS+htpasswd 127.0.0.1:5443, token auth 127.0.0.1:5002 (no token server here).
#   sshd      127.0.0.1:2222, root by key only, SetEnv DOCKER_HOST=<engine B socket>.
#   image     busybox:local = bookworm's busybox-static imported as an image. Its `wget -T N`
#             segfaults (busybox 1.35 bug, also outside containers): use `timeout N wget ...`.
#   stand-ins node:22-bookworm-slim, docker:28-cli, docker/scout-cli:1 on engine A, for the Dockerfile
#             (see "stand-in base images" below).
#
# Token auth (REGISTRY_TOKEN, 127.0.0.1:5002), what docker-registry 2.8.2 accepts
# (registry/auth/token/token.go of that version; checked against the running registry):
#   * header "alg": RS256/RS384/RS512 (the key made here is RSA 2048) -- ES* only for EC keys.
#   * the signing key is found from the header, first match wins:
#       x5c: [base64(DER) of REGISTRY_TOKEN_CERT, ...] -> chain verified against
#            rootcertbundle (our self-signed cert is its own root);
#       jwk: the public JWK of the key -> trusted if its libtrust key ID is one of the
#            bundle's keys (or if the jwk carries an x5c chain that verifies);
#       kid: the libtrust fingerprint of the public key (base32 of the first 240 bits of
#            SHA-256 over the DER SubjectPublicKeyInfo, 12 groups of 4 joined by ':'),
#            given as REGISTRY_TOKEN_KID in the env file. A JWK thumbprint or any other
#            kid is rejected ("token signed by untrusted key with ID").
#     A header with none of the three is rejected ("unable to get token signing key").
#   * claims: iss == REGISTRY_TOKEN_ISSUER, aud == REGISTRY_TOKEN_SERVICE as a plain JSON
#     STRING (2.8.2 has no audience list: an array makes the token "malformed"),
#     exp/nbf checked with 60 s leeway, access: [{"type":"repository","name":"...",
#     "actions":["pull","push"]}].
set -euo pipefail

STATE=${DMCP_TESTBED_DIR:-/var/lib/dmcp-testbed}
LOGS=$STATE/logs
RUN=$STATE/run
CERTS=$STATE/certs
APTDIR=$STATE/apt
EB=$STATE/engine-b
EB_ROOT=$EB/root
EB_BIN=$EB/bin
EB_RUN=/run/dmcp-engine-b
EC=$STATE/engine-c
EC_RUN=/run/dmcp-engine-c
SSH_DIR=$STATE/ssh
SSH_HOME=$STATE/ssh-home

ENGINE_A_HOST=unix:///var/run/docker.sock
ENGINE_B_SOCK=$EB_RUN/docker.sock
ENGINE_B_HOST=unix://$ENGINE_B_SOCK
ENGINE_B_TLS_PORT=23760
ENGINE_B_TLS_HOST=tcp://127.0.0.1:$ENGINE_B_TLS_PORT
CTRD_B_SOCK=$EB_RUN/containerd/containerd.sock
EB_BRIDGE=dmcpb0
EB_POOL=172.31.0.0/16           # engine B's default-address-pool (split into /24s)
EB_BRIDGE_CANDIDATES=(172.31.250 172.31.251 172.31.252 172.31.253 172.31.254)
FW_CHAIN=DMCP-TESTBED
ENGINE_C_SOCK=$EC_RUN/docker.sock
ENGINE_C_HOST=unix://$ENGINE_C_SOCK
CTRD_C_SOCK=$EC_RUN/containerd/containerd.sock
EC_NETNS=dmcpc                  # engine C's network namespace
EC_HOSTNAME=dmcp-engine-c       # its own UTS namespace: a swarm node name distinct from engine A's
EC_VETH_HOST=dmcpc-host         # veth pair: host side / namespace side
EC_VETH_NS=dmcpc-eth
EC_LINK_CANDIDATES=(10.199.250 10.199.251 10.199.252 10.199.253 10.199.254)   # /30: .1 host, .2 engine C
EC_BRIDGE=dmcpc0                # engine C's default bridge, inside its namespace
EC_BRIDGE_CIDR=172.30.250.1/24
REG_PLAIN=127.0.0.1:5000
REG_TLS=127.0.0.1:5443
REG_TOKEN=127.0.0.1:5002
TOKEN_REALM=http://127.0.0.1:5601/token
TOKEN_SERVICE=dmcp-testbed-registry
TOKEN_ISSUER=dmcp-testbed-issuer
SSH_PORT=2222
IMAGE=busybox:local
SSH_CLIENT_CONF=/etc/ssh/ssh_config.d/dmcp-testbed.conf
TRIXIE_PKGS=(docker.io containerd runc tini docker-compose docker-buildx)
SYS_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The caller's docker environment must not redirect our commands.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_TLS
export PATH=$SYS_PATH${PATH:+:$PATH}
export LC_ALL=C
export HOME=${HOME:-/root}

CHANGED=0   # set to 1 when this run started/restarted something -> run verify at the end

log() { printf '%s testbed: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# die_log LOGFILE MESSAGE: print the tail of a log and exit non-zero
die_log() {
  local f=$1; shift
  log "ERROR: $*"
  if [[ -s $f ]]; then
    printf '%s\n' "---- last lines of $f ----" >&2
    tail -n 40 "$f" >&2 || true
    printf '%s\n' "----" >&2
  fi
  exit 1
}

docker_cli() {
  if [[ -x /usr/local/bin/docker ]]; then echo /usr/local/bin/docker
  elif [[ -x /usr/bin/docker ]]; then echo /usr/bin/docker
  else echo docker; fi
}

# dk HOST ARGS...: docker CLI against one engine, bounded in time
dk() { local h=$1; shift; timeout 120 "$(docker_cli)" -H "$h" "$@"; }

engine_version() { # HOST -> prints server version, fails if the engine does not answer
  timeout 10 "$(docker_cli)" -H "$1" version --format '{{.Server.Version}}' 2>/dev/null
}

engine_b_tls() { # ARGS... : docker CLI to engine B over TLS with the client cert
  timeout 60 "$(docker_cli)" --tlsverify --tlscacert "$CERTS/engine-b-client/ca.pem" \
    --tlscert "$CERTS/engine-b-client/cert.pem" --tlskey "$CERTS/engine-b-client/key.pem" \
    -H "$ENGINE_B_TLS_HOST" "$@"
}

# ---------------------------------------------------------------------------------------
# process helpers: every daemon is started detached, its pid kept in $RUN/NAME.pid and
# the exact command line in $RUN/NAME.cmd (a changed command line means restart).

pid_of() { # NAME -> pid if the recorded process is alive and still runs what we started
  local f=$RUN/$1.pid pid want got
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # compare executables (sshd rewrites its cmdline, so the cmdline is no use here)
  want=$(head -n1 "$RUN/$1.exe" 2>/dev/null || true)
  got=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  got=${got% (deleted)}
  [[ -n $got && $got == "$want" ]] || return 1
  echo "$pid"
}

proc_alive() { # NAME -> the recorded pid still runs (whatever it is executing right now)
  local pid st
  [[ -s $RUN/$1.pid ]] || return 1
  pid=$(<"$RUN/$1.pid")
  st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z ]]
}

# start_detached NAME LOGFILE ENV_PATH CMD ARGS...
start_detached() {
  local name=$1 logf=$2 path=$3; shift 3
  mkdir -p "$(dirname "$logf")"
  printf '\n===== %s: starting %s\n' "$(date -Is)" "$*" >>"$logf"
  # setsid: own session, survives this script; fd 9 (our lock) is not inherited
  setsid nohup env -i PATH="$path" HOME=/root LANG=C.UTF-8 "$@" </dev/null >>"$logf" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$RUN/$name.pid"
  readlink -f "$1" >"$RUN/$name.exe"
  printf '%q ' "$@" >"$RUN/$name.cmd"
}

cmd_matches() { # NAME CMD ARGS... -> recorded command line equals this one
  local want
  want=$(printf '%q ' "${@:2}")
  [[ -f $RUN/$1.cmd && $(<"$RUN/$1.cmd") == "$want" ]]
}

stop_pid() { # NAME PID [TIMEOUT]
  local name=$1 pid=$2 t=${3:-30} i
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < t * 5; i++)); do
    [[ -d /proc/$pid ]] || return 0
    # a zombie counts as gone
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && return 0
    sleep 0.2
  done
  log "$name did not exit in ${t}s, killing it"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.5
}

stop_named() { # NAME [TIMEOUT]
  local pid
  if pid=$(pid_of "$1"); then stop_pid "$1" "$pid" "${2:-30}"; fi
  rm -f "$RUN/$1.pid" "$RUN/$1.cmd" "$RUN/$1.exe"
}

# wait_for SECONDS DESCRIPTION NAME LOGFILE -- CHECK...: poll CHECK until it succeeds;
# fail with the log tail if it does not or if process NAME died.
wait_for() {
  local secs=$1 what=$2 name=$3 logf=$4; shift 5
  local deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ -n $name ]] && ! proc_alive "$name"; then
      die_log "$logf" "$what: process exited during startup"
    fi
    sleep 0.5
  done
  die_log "$logf" "$what: not ready after ${secs}s"
}

write_if_changed() { # FILE [MODE] < content ; returns 0 if the file changed
  local f=$1 mode=${2:-644} tmp
  tmp=$(mktemp "$f.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f $f ]] && cmp -s "$tmp" "$f"; then rm -f "$tmp"; return 1; fi
  mv -f "$tmp" "$f"
  return 0
}

# ---------------------------------------------------------------------------------------
# packages

SYS_PKGS=(docker.io containerd runc busybox-static docker-registry apache2-utils
  openssh-server openssh-client openssl iproute2 iptables curl ca-certificates
  debian-archive-keyring procps util-linux debootstrap)

POLICY_GUARD=0
drop_policy_guard() { if ((POLICY_GUARD)); then rm -f /usr/sbin/policy-rc.d; POLICY_GUARD=0; fi; }

ensure_packages() {
  local missing=() p st
  for p in "${SYS_PKGS[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
    [[ $st == ii* ]] || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  # keep the maintainer scripts from starting services (docker, sshd on :22, a registry on :5000)
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    POLICY_GUARD=1
  fi
  trap drop_policy_guard EXIT
  timeout 600 apt-get update -q >"$LOGS/apt.log" 2>&1 || die_log "$LOGS/apt.log" "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" >>"$LOGS/apt.log" 2>&1 || die_log "$LOGS/apt.log" "apt-get install failed"
  drop_policy_guard
  trap - EXIT
}

# The mirror the system already uses for the main bookworm suite (deb822 or one-line format).
system_mirror() {
  local codename uri=""
  # shellcheck source=/dev/null
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
    uri=$(awk -v cn="$codename" '
      function flush() { if (!found && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " cn " ") && uris != "") { split(uris, u, " "); found = u[1] } types = suites = uris = "" }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      tolower($1) == "types:"  { $1 = ""; types = $0 }
      tolower($1) == "suites:" { $1 = ""; suites = $0 }
      tolower($1) == "uris:"   { $1 = ""; uris = $0 }
      END { flush(); print found }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [[ -z $uri ]]; then
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f $f ]] || continue
      uri=$(awk -v cn="$codename" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ } if ($(i+1) == cn) { print $i; exit } }' "$f")
      [[ -n $uri ]] && break
    done
  fi
  [[ -n $uri ]] || return 1
  echo "${uri%/}"
}

# ---------------------------------------------------------------------------------------
# trixie .debs through a private apt configuration

APT_OPTS=()
ensure_trixie_debs() {
  local debs=$APTDIR/debs p have=1
  mkdir -p "$debs" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
  for p in "${TRIXIE_PKGS[@]}"; do
    compgen -G "$debs/${p}_*.deb" >/dev/null || have=0
  done
  ((have)) && return 0

  local mirror
  mirror=$(system_mirror) || die "cannot find the Debian mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  if [[ ! -e /usr/share/keyrings/debian-archive-trixie-automatic.gpg ]]; then
    log "debian-archive-keyring has no trixie key, upgrading it"
    timeout 600 apt-get install -y -q debian-archive-keyring >>"$LOGS/apt.log" 2>&1 ||
      die_log "$LOGS/apt.log" "could not upgrade debian-archive-keyring"
  fi
  write_if_changed "$APTDIR/trixie.sources" <<EOF || true
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  APT_OPTS=(-o "Dir::Etc::SourceList=$APTDIR/trixie.sources" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache"
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o APT::Sandbox::User=root -o Acquire::Retries=3)
  log "downloading trixie packages (${TRIXIE_PKGS[*]}) through a private apt config"
  timeout 600 apt-get "${APT_OPTS[@]}" update -q >"$LOGS/apt-trixie.log" 2>&1 ||
    die_log "$LOGS/apt-trixie.log" "private apt-get update for trixie failed"
  local args=()
  for p in "${TRIXIE_PKGS[@]}"; do args+=("$p/trixie"); done
  (cd "$debs" && rm -f ./*.deb && timeout 900 apt-get "${APT_OPTS[@]}" download "${args[@]}") \
    >>"$LOGS/apt-trixie.log" 2>&1 || die_log "$LOGS/apt-trixie.log" "apt-get download from trixie failed"
}

ensure_engine_b_files() {
  ensure_trixie_debs
  local stamp
  stamp=$(cd "$APTDIR/debs" && ls -1 ./*.deb)
  if [[ ! -f $EB_ROOT/.extracted || $(<"$EB_ROOT/.extracted") != "$stamp" ]]; then
    log "extracting trixie packages into $EB_ROOT"
    rm -rf "$EB_ROOT"
    mkdir -p "$EB_ROOT"
    local d
    for d in "$APTDIR"/debs/*.deb; do dpkg-deb -x "$d" "$EB_ROOT"; done
    printf '%s' "$stamp" >"$EB_ROOT/.extracted"
  fi
  # engine B's bin dir: its own binaries, found through PATH when it is started
  mkdir -p "$EB_BIN"
  ln -sfn "$EB_ROOT/usr/sbin/dockerd" "$EB_BIN/dockerd"
  ln -sfn "$EB_ROOT/usr/sbin/docker-proxy" "$EB_BIN/docker-proxy"
  ln -sfn "$EB_ROOT/usr/bin/tini-static" "$EB_BIN/docker-init"
  local b
  for b in containerd containerd-shim-runc-v2 ctr; do ln -sfn "$EB_ROOT/usr/bin/$b" "$EB_BIN/$b"; done
  if "$EB_ROOT/usr/sbin/runc" --version >/dev/null 2>&1; then
    ln -sfn "$EB_ROOT/usr/sbin/runc" "$EB_BIN/runc"
  else
    # trixie's runc is linked against glibc 2.38; bookworm has 2.36
    ln -sfn /usr/sbin/runc "$EB_BIN/runc"
  fi
}

ensure_plugins() {
  local dst=/usr/libexec/docker/cli-plugins p
  mkdir -p "$dst"
  for p in docker-compose docker-buildx; do
    if ! cmp -s "$EB_ROOT/usr/libexec/docker/cli-plugins/$p" "$dst/$p"; then
      log "installing CLI plugin $dst/$p (trixie)"
      install -m 755 "$EB_ROOT/usr/libexec/docker/cli-plugins/$p" "$dst/$p.tmp"
      mv -f "$dst/$p.tmp" "$dst/$p"
    fi
  done
}

# ---------------------------------------------------------------------------------------
# certificates and keys (generated once, kept in the state dir)

gen_ca() { # DIR CN
  local d=$1
  [[ -s $d/ca.pem && -s $d/ca-key.pem ]] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=$2" \
    -keyout "$d/ca-key.pem" -out "$d/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    >/dev/null 2>&1
  chmod 600 "$d/ca-key.pem"
}

gen_cert() { # CADIR OUTDIR CN serverAuth|clientAuth
  local ca=$1 d=$2 cn=$3 usage=$4 ext
  [[ -s $d/cert.pem && -s $d/key.pem ]] && return 0
  mkdir -p "$d"
  ext=$(mktemp)
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ $usage == serverAuth ]] && echo "subjectAltName=IP:127.0.0.1,DNS:localhost"
  } >"$ext"
  openssl req -new -newkey rsa:2048 -nodes -sha256 -subj "/CN=$cn" \
    -keyout "$d/key.pem" -out "$d/req.csr" >/dev/null 2>&1
  openssl x509 -req -sha256 -days 3650 -in "$d/req.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" \
    -CAcreateserial -extfile "$ext" -out "$d/cert.pem" >/dev/null 2>&1
  rm -f "$d/req.csr" "$ext"
  chmod 600 "$d/key.pem"
  cp "$ca/ca.pem" "$d/ca.pem"
}

# libtrust key ID of a PEM key/cert's public key (what docker-registry's token auth calls kid)
libtrust_kid() { # PEM-public-key-file
  openssl pkey -pubin -in "$1" -outform DER | openssl dgst -sha256 -binary | head -c 30 |
    base32 | tr -d '=\n' | sed -E 's/(.{4})/\1:/g; s/:$//'
}

ensure_certs() {
  mkdir -p "$CERTS"
  # engine B TLS
  gen_ca "$CERTS/engine-b-ca" "dmcp-testbed engine-b CA"
  gen_cert "$CERTS/engine-b-ca" "$CERTS/engine-b-server" "dmcp-testbed engine-b" serverAuth
  gen_cert "$CERTS/engine-b-ca" "$CERTS/engine-b-client" "dmcp-testbed client" clientAuth
  mkdir -p "$CERTS/engine-b-ca-only"
  cp "$CERTS/engine-b-ca/ca.pem" "$CERTS/engine-b-ca-only/ca.pem"
  # TLS registry
  gen_ca "$CERTS/registry-ca" "dmcp-testbed registry CA"
  gen_cert "$CERTS/registry-ca" "$CERTS/registry-server" "dmcp-testbed registry" serverAuth
  local h
  for h in 127.0.0.1:5443 localhost:5443; do
    mkdir -p "/etc/docker/certs.d/$h"
    cmp -s "$CERTS/registry-ca/ca.pem" "/etc/docker/certs.d/$h/ca.crt" ||
      cp "$CERTS/registry-ca/ca.pem" "/etc/docker/certs.d/$h/ca.crt"
  done
  # token-auth registry: signing key + self-signed cert (the registry's rootcertbundle)
  local t=$CERTS/token
  mkdir -p "$t"
  if [[ ! -s $t/signing-key.pem || ! -s $t/signing-cert.pem ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$t/signing-key.pem" 2>/dev/null
    chmod 600 "$t/signing-key.pem"
    openssl req -x509 -new -key "$t/signing-key.pem" -sha256 -days 3650 -subj "/CN=$TOKEN_ISSUER" \
      -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,digitalSignature,keyCertSign \
      -out "$t/signing-cert.pem" >/dev/null 2>&1
    openssl pkey -in "$t/signing-key.pem" -pubout -out "$t/signing-pub.pem"
  fi
  [[ -s $t/kid ]] || libtrust_kid "$t/signing-pub.pem" >"$t/kid"
}

# ---------------------------------------------------------------------------------------
# engine A: Debian 12 docker.io (dockerd 20.10) on /var/run/docker.sock

clear_stale_pidfile() { # PIDFILE COMM: drop a pid file whose process is gone (or a zombie)
  local f=$1 pid st
  [[ -s $f ]] || return 0
  pid=$(<"$f")
  if [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$2" ]]; then
    st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
    [[ -n $st && $st != Z ]] && return 0
  fi
  log "removing stale pid file $f"
  rm -f "$f"
}

ensure_engine_a() {
  local v
  if v=$(engine_version "$ENGINE_A_HOST"); then
    log "engine A is up ($v)"
    return 0
  fi
  local pid
  if pid=$(pid_of engine-a); then
    # ours but not answering: give it a chance, then restart
    if wait_quiet 20 engine_version "$ENGINE_A_HOST"; then return 0; fi
    stop_named engine-a 30
  fi
  clear_stale_pidfile /var/run/docker.pid dockerd
  clear_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
  local drivers=() d
  [[ -s $STATE/engine-a.driver ]] && drivers+=("$(<"$STATE/engine-a.driver")")
  drivers+=(overlay2 fuse-overlayfs vfs)
  local tried=" "
  for d in "${drivers[@]}"; do
    [[ $tried == *" $d "* ]] && continue
    tried+="$d "
    if [[ $d == fuse-overlayfs ]]; then
      [[ -e /dev/fuse ]] || continue
      command -v fuse-overlayfs >/dev/null ||
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q fuse-overlayfs >>"$LOGS/apt.log" 2>&1 || continue
    fi
    log "starting engine A (dockerd 20.10, storage driver $d)"
    local logsize=0
    [[ -f $LOGS/engine-a.log ]] && logsize=$(stat -c %s "$LOGS/engine-a.log")
    start_detached engine-a "$LOGS/engine-a.log" "$SYS_PATH" \
      /usr/sbin/dockerd -H "$ENGINE_A_HOST" --storage-driver "$d"
    touch "$RUN/engine-a.ours"
    CHANGED=1
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)) && proc_alive engine-a; do
      if engine_version "$ENGINE_A_HOST" >/dev/null; then
        echo "$d" >"$STATE/engine-a.driver"
        log "engine A is up ($(engine_version "$ENGINE_A_HOST"))"
        return 0
      fi
      sleep 0.5
    done
    if proc_alive engine-a; then
      die_log "$LOGS/engine-a.log" "engine A did not answer within 60s"
    fi
    # only a storage-driver failure moves on to the next driver
    if tail -c +"$((logsize + 1))" "$LOGS/engine-a.log" |
      grep -qE 'error initializing graphdriver|driver not supported|graphdriver.*(not supported|prerequisites)'; then
      log "engine A cannot use storage driver $d, trying the next one"
      continue
    fi
    die_log "$LOGS/engine-a.log" "engine A (dockerd) failed to start"
  done
  die_log "$LOGS/engine-a.log" "engine A failed to start with any storage driver"
}

wait_quiet() { # SECONDS CHECK... (no failure handling)
  local deadline=$((SECONDS + $1)); shift
  while ((SECONDS < deadline)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

# ---------------------------------------------------------------------------------------
# engine B network: own bridge + firewall chain

ip2int() { local IFS=.; local a b c d; read -r a b c d <<<"$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }
cidr_overlap() { # CIDR CIDR
  local n1=${1%/*} n2=${2%/*} p1=32 p2=32 p m
  [[ $1 == */* ]] && p1=${1#*/}
  [[ $2 == */* ]] && p2=${2#*/}
  p=$((p1 < p2 ? p1 : p2))
  m=$(((0xffffffff << (32 - p)) & 0xffffffff))
  ((p == 0)) && m=0
  local i1 i2
  i1=$(ip2int "$n1")
  i2=$(ip2int "$n2")
  (((i1 & m) == (i2 & m)))
}

bridge_cidr() { # prints the IPv4 CIDR on the engine B bridge, if any
  ip -4 -o addr show dev "$EB_BRIDGE" 2>/dev/null | awk '{print $4; exit}'
}

ensure_bridge() {
  local cur
  if ip link show "$EB_BRIDGE" >/dev/null 2>&1; then
    cur=$(bridge_cidr)
    if [[ -n $cur ]]; then
      ip link set "$EB_BRIDGE" up
      return 0
    fi
  fi
  local used=() c cand ok
  mapfile -t used < <({ ip -4 route show table main | awk '$1 != "default" {print $1}'; ip -4 -o addr show | awk '{print $4}'; } | sort -u)
  cand=""
  for c in "${EB_BRIDGE_CANDIDATES[@]}"; do
    ok=1
    for u in "${used[@]}"; do
      [[ $u =~ ^[0-9.]+(/[0-9]+)?$ ]] || continue
      if cidr_overlap "$c.0/24" "$u"; then ok=0; break; fi
    done
    if ((ok)); then cand=$c; break; fi
  done
  [[ -n $cand ]] || die "no free /24 for $EB_BRIDGE among ${EB_BRIDGE_CANDIDATES[*]} (routes: ${used[*]})"
  log "creating bridge $EB_BRIDGE with $cand.1/24"
  ip link show "$EB_BRIDGE" >/dev/null 2>&1 || ip link add "$EB_BRIDGE" type bridge
  ip addr add "$cand.1/24" dev "$EB_BRIDGE"
  ip link set "$EB_BRIDGE" up
}

ensure_firewall() {
  # see the header: engine B runs with --iptables=false; this chain lets its containers talk
  iptables -w -t filter -nL "$FW_CHAIN" >/dev/null 2>&1 || iptables -w -t filter -N "$FW_CHAIN"
  iptables -w -t filter -C "$FW_CHAIN" -s "$EB_POOL" -d "$EB_POOL" -j ACCEPT 2>/dev/null ||
    iptables -w -t filter -A "$FW_CHAIN" -s "$EB_POOL" -d "$EB_POOL" -j ACCEPT
  iptables -w -t filter -C FORWARD -j "$FW_CHAIN" 2>/dev/null ||
    iptables -w -t filter -I FORWARD 1 -j "$FW_CHAIN"
}

remove_firewall() {
  while iptables -w -t filter -D FORWARD -j "$FW_CHAIN" 2>/dev/null; do :; done
  if iptables -w -t filter -nL "$FW_CHAIN" >/dev/null 2>&1; then
    iptables -w -t filter -F "$FW_CHAIN"
    iptables -w -t filter -X "$FW_CHAIN"
  fi
}

# ---------------------------------------------------------------------------------------
# engine B: trixie containerd + dockerd 26.1

# The config of a private containerd (engines B and C): COMMENT ENGINE_DIR RUN_DIR SOCKET
containerd_toml() {
  cat <<EOF
# $1 -- generated by scripts/testbed.sh
version = 2
root = "$2/containerd"
state = "$3/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$4"

[ttrpc]
  address = "$4.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$2/containerd-opt"
EOF
}

ctrd_b_up() { timeout 10 "$EB_BIN/ctr" --address "$CTRD_B_SOCK" version >/dev/null 2>&1; }

ensure_containerd_b() {
  mkdir -p "$EB/containerd" "$EB_RUN/containerd"
  local cfg=$EB/containerd.toml cfg_changed=0
  containerd_toml "engine B's private containerd (trixie 1.7)" "$EB" "$EB_RUN" "$CTRD_B_SOCK" |
    write_if_changed "$cfg" && cfg_changed=1
  local cmd=("$EB_BIN/containerd" --config "$cfg")
  if pid_of containerd-b >/dev/null && ((cfg_changed == 0)) && cmd_matches containerd-b "${cmd[@]}" && ctrd_b_up; then
    return 0
  fi
  stop_named dockerd-b 60
  stop_named containerd-b 30
  log "starting engine B's containerd (trixie)"
  start_detached containerd-b "$LOGS/containerd-b.log" "$EB_BIN:$SYS_PATH" "${cmd[@]}"
  CHANGED=1
  wait_for 30 "engine B containerd" containerd-b "$LOGS/containerd-b.log" -- ctrd_b_up
}

ensure_engine_b() {
  mkdir -p "$EB/data" "$EB_RUN"
  local cfg=$EB/daemon.json cfg_changed=0
  # an explicit (empty) config file so engine B never reads engine A's /etc/docker/daemon.json
  write_if_changed "$cfg" <<<'{}' && cfg_changed=1
  local drv=overlay2
  [[ -s $STATE/engine-a.driver ]] && drv=$(<"$STATE/engine-a.driver")
  local s=$CERTS/engine-b-server
  local cmd=("$EB_BIN/dockerd"
    --config-file "$cfg"
    --data-root "$EB/data"
    --exec-root "$EB_RUN/exec"
    --pidfile "$EB_RUN/dockerd.pid"
    --containerd "$CTRD_B_SOCK"
    -H "$ENGINE_B_HOST" -H "$ENGINE_B_TLS_HOST"
    --tlsverify --tlscacert "$s/ca.pem" --tlscert "$s/cert.pem" --tlskey "$s/key.pem"
    --bridge "$EB_BRIDGE"
    --iptables=false --ip-masq=false
    --default-address-pool "base=$EB_POOL,size=24"
    --live-restore
    --storage-driver "$drv"
    --userland-proxy-path "$EB_BIN/docker-proxy"
    --init-path "$EB_BIN/docker-init")
  if pid_of dockerd-b >/dev/null && ((cfg_changed == 0)) && cmd_matches dockerd-b "${cmd[@]}" &&
    engine_version "$ENGINE_B_HOST" >/dev/null; then
    log "engine B is up ($(engine_version "$ENGINE_B_HOST"))"
    return 0
  fi
  stop_named dockerd-b 60
  clear_stale_pidfile "$EB_RUN/dockerd.pid" dockerd
  log "starting engine B (trixie dockerd 26.1, bridge $EB_BRIDGE)"
  start_detached dockerd-b "$LOGS/engine-b.log" "$EB_BIN:$SYS_PATH" "${cmd[@]}"
  CHANGED=1
  wait_for 60 "engine B" dockerd-b "$LOGS/engine-b.log" -- engine_version "$ENGINE_B_HOST"
  wait_for 20 "engine B TLS listener" dockerd-b "$LOGS/engine-b.log" -- engine_b_tls version
  log "engine B is up ($(engine_version "$ENGINE_B_HOST"))"
}

# ---------------------------------------------------------------------------------------
# engine C: bookworm dockerd 20.10 in its own network namespace (the node that joins A's swarm)

ctrd_c_up() { timeout 10 ctr --address "$CTRD_C_SOCK" version >/dev/null 2>&1; }

engine_c_link() { # prints the /30 prefix (a.b.c) of engine C's veth link, if it is set up
  { ip -4 -o addr show dev "$EC_VETH_HOST" 2>/dev/null || true; } |
    awk '{split($4, a, "."); print a[1] "." a[2] "." a[3]; exit}'
}

ensure_netns_c() {
  [[ -e /run/netns/$EC_NETNS ]] || { log "creating network namespace $EC_NETNS"; ip netns add "$EC_NETNS"; }
  ip -n "$EC_NETNS" link set lo up
  local link
  link=$(engine_c_link)
  if [[ -z $link ]] || ! ip -n "$EC_NETNS" link show "$EC_VETH_NS" >/dev/null 2>&1; then
    ip link del "$EC_VETH_HOST" >/dev/null 2>&1 || true
    local used=() c u
    mapfile -t used < <({ ip -4 route show table main | awk '$1 != "default" {print $1}'; ip -4 -o addr show | awk '{print $4}'; } | sort -u)
    link=""
    for c in "${EC_LINK_CANDIDATES[@]}"; do
      local ok=1
      for u in "${used[@]}"; do
        [[ $u =~ ^[0-9.]+(/[0-9]+)?$ ]] || continue
        if cidr_overlap "$c.0/30" "$u"; then ok=0; break; fi
      done
      if ((ok)); then link=$c; break; fi
    done
    [[ -n $link ]] || die "no free /30 for engine C's link among ${EC_LINK_CANDIDATES[*]}"
    log "linking namespace $EC_NETNS to the host: $link.1 (host) <-> $link.2 (engine C)"
    ip link add "$EC_VETH_HOST" type veth peer name "$EC_VETH_NS" netns "$EC_NETNS"
    ip addr add "$link.1/30" dev "$EC_VETH_HOST"
    ip link set "$EC_VETH_HOST" up
    ip -n "$EC_NETNS" addr add "$link.2/30" dev "$EC_VETH_NS"
    ip -n "$EC_NETNS" link set "$EC_VETH_NS" up
    # No default route on purpose: a swarm task's image pull (busybox:local is not on any registry) then
    # fails at once and the node uses its local image; through the host it would hang until DNS timed out.
    CHANGED=1
  fi
  if ! ip -n "$EC_NETNS" link show "$EC_BRIDGE" >/dev/null 2>&1; then
    ip -n "$EC_NETNS" link add "$EC_BRIDGE" type bridge
    ip -n "$EC_NETNS" addr add "$EC_BRIDGE_CIDR" dev "$EC_BRIDGE"
  fi
  ip -n "$EC_NETNS" link set "$EC_BRIDGE" up
}

# start_in_netns NAME LOGFILE EXE CMD...: start CMD inside engine C's network namespace; EXE is what
# the process ends up executing (nsenter/unshare exec it), so pid_of recognises it later.
start_in_netns() {
  local name=$1 logf=$2 exe=$3; shift 3
  start_detached "$name" "$logf" "$SYS_PATH" nsenter "--net=/run/netns/$EC_NETNS" -- "$@"
  readlink -f "$exe" >"$RUN/$name.exe"
}

netns_cmd_matches() { # NAME CMD... (as given to start_in_netns)
  cmd_matches "$1" nsenter "--net=/run/netns/$EC_NETNS" -- "${@:2}"
}

ensure_containerd_c() {
  mkdir -p "$EC/containerd" "$EC_RUN/containerd"
  local cfg=$EC/containerd.toml cfg_changed=0
  containerd_toml "engine C's private containerd (bookworm)" "$EC" "$EC_RUN" "$CTRD_C_SOCK" |
    write_if_changed "$cfg" && cfg_changed=1
  local cmd=(/usr/bin/containerd --config "$cfg")
  if pid_of containerd-c >/dev/null && ((cfg_changed == 0)) && netns_cmd_matches containerd-c "${cmd[@]}" && ctrd_c_up; then
    return 0
  fi
  stop_named dockerd-c 60
  stop_named containerd-c 30
  log "starting engine C's containerd"
  start_in_netns containerd-c "$LOGS/containerd-c.log" /usr/bin/containerd "${cmd[@]}"
  CHANGED=1
  wait_for 30 "engine C containerd" containerd-c "$LOGS/containerd-c.log" -- ctrd_c_up
}

ensure_engine_c() {
  mkdir -p "$EC/data" "$EC_RUN"
  local cfg=$EC/daemon.json cfg_changed=0
  write_if_changed "$cfg" <<<'{}' && cfg_changed=1
  local drv=overlay2
  [[ -s $STATE/engine-a.driver ]] && drv=$(<"$STATE/engine-a.driver")
  # own UTS namespace: the swarm node's hostname is the daemon's
  local cmd=(unshare --uts -- /bin/sh -c 'hostname "$1" && shift && exec "$@"' sh "$EC_HOSTNAME"
    /usr/sbin/dockerd
    --config-file "$cfg"
    --data-root "$EC/data"
    --exec-root "$EC_RUN/exec"
    --pidfile "$EC_RUN/dockerd.pid"
    --containerd "$CTRD_C_SOCK"
    -H "$ENGINE_C_HOST"
    --bridge "$EC_BRIDGE"
    --storage-driver "$drv")
  if pid_of dockerd-c >/dev/null && ((cfg_changed == 0)) && netns_cmd_matches dockerd-c "${cmd[@]}" &&
    engine_version "$ENGINE_C_HOST" >/dev/null; then
    log "engine C is up ($(engine_version "$ENGINE_C_HOST"))"
    return 0
  fi
  stop_named dockerd-c 60
  clear_stale_pidfile "$EC_RUN/dockerd.pid" dockerd
  log "starting engine C (dockerd 20.10 in namespace $EC_NETNS, bridge $EC_BRIDGE)"
  start_in_netns dockerd-c "$LOGS/engine-c.log" /usr/sbin/dockerd "${cmd[@]}"
  CHANGED=1
  wait_for 60 "engine C" dockerd-c "$LOGS/engine-c.log" -- engine_version "$ENGINE_C_HOST"
  log "engine C is up ($(engine_version "$ENGINE_C_HOST"))"
}

stop_engine_c() {
  stop_named dockerd-c 60
  stop_named containerd-c 30
  if [[ -e /run/netns/$EC_NETNS ]]; then ip netns del "$EC_NETNS" || true; fi
  ip link del "$EC_VETH_HOST" >/dev/null 2>&1 || true
}

# A run that died mid-swarm leaves engine A a manager (and C a worker): leave, workers first.
reset_swarm() { # HOST LABEL
  local state
  state=$(timeout 20 "$(docker_cli)" -H "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true)
  [[ -z $state || $state == inactive ]] && return 0
  log "engine $2 is in a swarm ($state) left by an earlier run: leaving it"
  dk "$1" swarm leave --force >/dev/null 2>&1 || log "engine $2 could not leave its swarm (continuing)"
}

# ---------------------------------------------------------------------------------------
# busybox:local image

build_image_tar() {
  local d=$STATE/image tar=$STATE/image/busybox-local.tar
  [[ -s $tar ]] && return 0
  log "building $IMAGE rootfs from busybox-static"
  rm -rf "$d/rootfs"
  mkdir -p "$d/rootfs/bin" "$d/rootfs/etc" "$d/rootfs/tmp" "$d/rootfs/root"
  cp /bin/busybox "$d/rootfs/bin/busybox"
  chmod 755 "$d/rootfs/bin/busybox"
  local applets=(sh ls cat echo sleep true false env id wget nc nslookup hostname ps top tail head
    grep mkdir rm touch date dd yes seq printf test wc sed httpd ping find tar chmod du df vi
    '[' awk base64 basename cp cut dirname egrep expr gzip gunzip kill ln md5sum mktemp mv nproc
    pwd readlink sha256sum sort stat tee timeout tr uname uniq which whoami xargs)
  local a list
  list=" $(/bin/busybox --list | tr '\n' ' ') "
  for a in "${applets[@]}"; do
    [[ $list == *" $a "* ]] || continue
    ln -sf busybox "$d/rootfs/bin/$a"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$d/rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$d/rootfs/etc/group"
  chmod 1777 "$d/rootfs/tmp"
  chmod 700 "$d/rootfs/root"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$d/rootfs" -cf "$tar.tmp" .
  mv -f "$tar.tmp" "$tar"
}

ensure_image() { # HOST LABEL
  if dk "$1" image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  build_image_tar
  log "importing $IMAGE into engine $2"
  dk "$1" import --change 'CMD ["sh"]' --message "dmcp-testbed busybox" \
    "$STATE/image/busybox-local.tar" "$IMAGE" >/dev/null
  CHANGED=1
}

# ---------------------------------------------------------------------------------------
# stand-in base images for the Dockerfile (engine A only; nothing can be pulled from Docker Hub here)
#
#   node:22-bookworm-slim  debootstrap --variant=minbase bookworm + THIS MACHINE's node binary in
#                          /usr/local/bin (Debian's own nodejs is 18, below the package's engines floor of
#                          20.19, so the stand-in holds the host's Node 20 under the official tag's name), user
#                          node (1000:1000) as in the official image. No npm: the image only runs the bundle.
#   docker:28-cli          the host's static docker CLI (/usr/local/bin/docker) and the trixie compose/buildx
#                          plugins at the official image's paths (/usr/local/libexec/docker/cli-plugins);
#                          only copied from, never run.
#   docker/scout-cli:1     empty (a README): Scout cannot be had offline, so the full variant built here has
#                          no scout; the official image holds /docker-scout.
# Each carries the label dmcp.testbed.inputs=<hash of what went in>: a changed input rebuilds it, a warm
# start only inspects three images.

DIST_DIR=$STATE/dist-bases
NODE_BASE=node:22-bookworm-slim
CLI_BASE=docker:28-cli
SCOUT_BASE=docker/scout-cli:1

fingerprint() { # FILE... -> a short hash of their names, sizes and mtimes (cheap: no reading of 100 MB binaries)
  stat -L -c '%n %s %Y' "$@" | sha256sum | cut -c1-16
}

standin_current() { # IMAGE INPUTS-HASH -> the image exists with that label
  [[ $(dk "$ENGINE_A_HOST" image inspect --format '{{index .Config.Labels "dmcp.testbed.inputs"}}' "$1" 2>/dev/null) == "$2" ]]
}

import_standin() { # IMAGE INPUTS-HASH ROOTFS-DIR [--change ...]
  local image=$1 hash=$2 dir=$3 old; shift 3
  old=$(dk "$ENGINE_A_HOST" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  log "importing stand-in $image into engine A"
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$dir" -cf "$dir.tar" .
  dk "$ENGINE_A_HOST" import --change "LABEL dmcp.testbed.inputs=$hash" \
    --change "LABEL dmcp.testbed.standin=1" "$@" "$dir.tar" "$image" >/dev/null
  rm -f "$dir.tar"
  # the replaced stand-in, unless an image built on it still holds it
  [[ -n $old ]] && dk "$ENGINE_A_HOST" rmi "$old" >/dev/null 2>&1 || true
  CHANGED=1
}

ensure_minbase() { # -> $DIST_DIR/minbase.tar (debootstrap'ed once, kept)
  local tar=$DIST_DIR/minbase.tar mirror
  [[ -s $tar ]] && return 0
  mirror=$(system_mirror) || die "cannot find the Debian mirror for debootstrap"
  log "debootstrap --variant=minbase bookworm (once; cached in $tar)"
  rm -rf "$DIST_DIR/minbase"
  mkdir -p "$DIST_DIR"
  timeout 900 debootstrap --variant=minbase bookworm "$DIST_DIR/minbase" "$mirror" >"$LOGS/debootstrap.log" 2>&1 ||
    die_log "$LOGS/debootstrap.log" "debootstrap failed"
  # as slim as the official -slim images: no docs, man pages, locales or apt lists
  rm -rf "$DIST_DIR/minbase"/usr/share/{doc,man,info,locale}/* "$DIST_DIR/minbase"/var/lib/apt/lists/* \
    "$DIST_DIR/minbase"/var/cache/apt/*.bin "$DIST_DIR/minbase"/var/cache/apt/archives/*.deb
  tar --sort=name --mtime=@0 --numeric-owner -C "$DIST_DIR/minbase" -cf "$tar.tmp" .
  mv -f "$tar.tmp" "$tar"
  rm -rf "$DIST_DIR/minbase"
}

ensure_node_base() {
  local node hash dir=$DIST_DIR/node-rootfs
  node=$(readlink -f "$(command -v node)") || die "no node binary on this machine"
  if [[ -s $DIST_DIR/minbase.tar ]]; then
    hash=$(fingerprint "$DIST_DIR/minbase.tar" "$node")
    standin_current "$NODE_BASE" "$hash" && return 0
  fi
  ensure_minbase
  hash=$(fingerprint "$DIST_DIR/minbase.tar" "$node")
  rm -rf "$dir"
  mkdir -p "$dir"
  tar -C "$dir" -xf "$DIST_DIR/minbase.tar"
  install -m 755 "$node" "$dir/usr/local/bin/node"
  grep -q '^node:' "$dir/etc/group" || echo 'node:x:1000:' >>"$dir/etc/group"
  grep -q '^node:' "$dir/etc/passwd" || echo 'node:x:1000:1000::/home/node:/bin/bash' >>"$dir/etc/passwd"
  mkdir -p "$dir/home/node"
  chown 1000:1000 "$dir/home/node"
  import_standin "$NODE_BASE" "$hash" "$dir" --change 'CMD ["node"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$("$node" --version | tr -d v)"
  rm -rf "$dir"
}

ensure_cli_base() {
  local cli plugins=/usr/libexec/docker/cli-plugins hash dir=$DIST_DIR/cli-rootfs
  cli=/usr/local/bin/docker
  [[ -x $cli ]] || cli=$(docker_cli)
  hash=$(fingerprint "$cli" "$plugins/docker-compose" "$plugins/docker-buildx")
  standin_current "$CLI_BASE" "$hash" && return 0
  rm -rf "$dir"
  mkdir -p "$dir/usr/local/bin" "$dir/usr/local/libexec/docker/cli-plugins"
  install -m 755 "$cli" "$dir/usr/local/bin/docker"
  install -m 755 "$plugins/docker-compose" "$plugins/docker-buildx" "$dir/usr/local/libexec/docker/cli-plugins/"
  import_standin "$CLI_BASE" "$hash" "$dir"
  rm -rf "$dir"
}

ensure_scout_base() {
  local hash=empty-v1 dir=$DIST_DIR/scout-rootfs
  standin_current "$SCOUT_BASE" "$hash" && return 0
  rm -rf "$dir"
  mkdir -p "$dir"
  echo 'dmcp test bed stand-in: Docker Scout is not available offline' >"$dir/README"
  import_standin "$SCOUT_BASE" "$hash" "$dir"
  rm -rf "$dir"
}

ensure_dist_bases() {
  ensure_node_base
  ensure_cli_base
  ensure_scout_base
}

# ---------------------------------------------------------------------------------------
# registries (Debian's docker-registry: distribution 2.8.2)

reg_code() { # URL [curl args...] -> HTTP status code of GET /v2/
  local url=$1; shift
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" "$url" 2>/dev/null || true
}
reg_plain_up() { [[ $(reg_code "http://$REG_PLAIN/v2/") == 200 ]]; }
reg_tls_up() { [[ $(reg_code "https://$REG_TLS/v2/" --cacert "$CERTS/registry-ca/ca.pem") == 401 ]]; }
reg_tls_auth_ok() {
  [[ $(reg_code "https://$REG_TLS/v2/" --cacert "$CERTS/registry-ca/ca.pem" -u "testuser:$(registry_password)") == 200 ]]
}
reg_token_up() { [[ $(reg_code "http://$REG_TOKEN/v2/") == 401 ]]; }

registry_password() { cat "$STATE/registry/tls/password"; }

registry_config() { # NAME ADDR EXTRA-YAML
  local name=$1 addr=$2 extra=$3 dir=$STATE/registry/$1
  mkdir -p "$dir/data"
  [[ -s $dir/http-secret ]] || openssl rand -hex 16 >"$dir/http-secret"
  write_if_changed "$dir/config.yml" 600 <<EOF
# generated by scripts/testbed.sh
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
  fields:
    service: dmcp-testbed-registry-$name
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $addr
  secret: $(<"$dir/http-secret")
  headers:
    X-Content-Type-Options: [nosniff]
$extra
EOF
}

ensure_registry() { # NAME ADDR CHECKFN EXTRA-YAML
  local name=$1 addr=$2 check=$3 extra=$4 changed=0
  registry_config "$name" "$addr" "$extra" && changed=1
  local cmd=(/usr/bin/docker-registry serve "$STATE/registry/$name/config.yml")
  if pid_of "registry-$name" >/dev/null && ((changed == 0)) && cmd_matches "registry-$name" "${cmd[@]}" && "$check"; then
    return 0
  fi
  stop_named "registry-$name" 15
  if "$check"; then
    die "something else already serves a registry on $addr; stop it first"
  fi
  if timeout 2 bash -c "exec 3<>/dev/tcp/${addr%:*}/${addr#*:}" 2>/dev/null; then
    die "port $addr is already in use by another program"
  fi
  log "starting registry $name on $addr"
  start_detached "registry-$name" "$LOGS/registry-$name.log" "$SYS_PATH" "${cmd[@]}"
  CHANGED=1
  wait_for 30 "registry $name" "registry-$name" "$LOGS/registry-$name.log" -- "$check"
}

ensure_registries() {
  local tdir=$STATE/registry/tls
  mkdir -p "$tdir"
  if [[ ! -s $tdir/password ]]; then
    (umask 077 && echo "testpass-$(openssl rand -hex 8)" >"$tdir/password")
  fi
  if [[ ! -s $tdir/htpasswd ]] || ! htpasswd -vb "$tdir/htpasswd" testuser "$(registry_password)" >/dev/null 2>&1; then
    htpasswd -Bbn testuser "$(registry_password)" >"$tdir/htpasswd"
    chmod 600 "$tdir/htpasswd"
  fi
  ensure_registry plain "$REG_PLAIN" reg_plain_up ""
  ensure_registry tls "$REG_TLS" reg_tls_up "  tls:
    certificate: $CERTS/registry-server/cert.pem
    key: $CERTS/registry-server/key.pem
auth:
  htpasswd:
    realm: dmcp-testbed-registry
    path: $tdir/htpasswd"
  ensure_registry token "$REG_TOKEN" reg_token_up "auth:
  token:
    realm: $TOKEN_REALM
    service: $TOKEN_SERVICE
    issuer: $TOKEN_ISSUER
    rootcertbundle: $CERTS/token/signing-cert.pem"
}

# ---------------------------------------------------------------------------------------
# sshd on 127.0.0.1:2222 (DOCKER_HOST in the session points at engine B)

sshd_up() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SSH_PORT && head -c 7 <&3" 2>/dev/null | grep -q '^SSH-2.0'; }

ensure_ssh_files() {
  mkdir -p "$SSH_DIR" "$SSH_HOME/.ssh"
  chmod 755 "$SSH_DIR"
  chmod 700 "$SSH_HOME/.ssh"
  [[ -s $SSH_DIR/ssh_host_ed25519_key ]] ||
    ssh-keygen -q -t ed25519 -N '' -C dmcp-testbed-host -f "$SSH_DIR/ssh_host_ed25519_key"
  [[ -s $SSH_HOME/.ssh/id_ed25519 ]] ||
    ssh-keygen -q -t ed25519 -N '' -C dmcp-testbed-client -f "$SSH_HOME/.ssh/id_ed25519"
  chmod 600 "$SSH_HOME/.ssh/id_ed25519"
  local hostkey
  hostkey=$(awk '{print $1, $2}' "$SSH_DIR/ssh_host_ed25519_key.pub")
  write_if_changed "$SSH_HOME/.ssh/known_hosts" <<EOF || true
[127.0.0.1]:$SSH_PORT $hostkey
[localhost]:$SSH_PORT $hostkey
EOF
  write_if_changed "$SSH_DIR/authorized_keys" 600 <"$SSH_HOME/.ssh/id_ed25519.pub" || true
  # OpenSSH's ssh does NOT honour $HOME: it takes ~/.ssh from the passwd entry (/root).
  # So that `HOME=$SSH_HOME ssh -p 2222 root@127.0.0.1` (and DOCKER_HOST=ssh://...) use the
  # ssh-home key and known_hosts, point ssh at ${HOME}/.ssh for this host:port only.
  mkdir -p "$(dirname "$SSH_CLIENT_CONF")"
  write_if_changed "$SSH_CLIENT_CONF" <<EOF || true
# dmcp-testbed (scripts/testbed.sh): for the test-bed sshd only (127.0.0.1/localhost port $SSH_PORT),
# take the identity and known_hosts from \$HOME/.ssh -- ssh itself ignores \$HOME.
Match host 127.0.0.1,localhost exec "test %p = $SSH_PORT"
    IdentityFile \${HOME}/.ssh/id_ed25519
    UserKnownHostsFile \${HOME}/.ssh/known_hosts
EOF
}

ensure_sshd() {
  ensure_ssh_files
  mkdir -p /run/sshd
  chmod 755 /run/sshd
  local cfg=$SSH_DIR/sshd_config changed=0
  write_if_changed "$cfg" 600 <<EOF && changed=1
# dmcp-testbed sshd -- generated by scripts/testbed.sh
Port $SSH_PORT
ListenAddress 127.0.0.1
AddressFamily inet
HostKey $SSH_DIR/ssh_host_ed25519_key
PidFile none
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
StrictModes no
MaxSessions 64
MaxStartups 64:30:128
X11Forwarding no
PrintMotd no
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
  local cmd=(/usr/sbin/sshd -D -f "$cfg" -E "$LOGS/sshd.log" -o "SetEnv=DOCKER_HOST=$ENGINE_B_HOST")
  if pid_of sshd >/dev/null && ((changed == 0)) && cmd_matches sshd "${cmd[@]}" && sshd_up; then
    return 0
  fi
  stop_named sshd 10
  /usr/sbin/sshd -t -f "$cfg" >"$LOGS/sshd-check.log" 2>&1 || die_log "$LOGS/sshd-check.log" "sshd config test failed"
  if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SSH_PORT" 2>/dev/null; then
    die "port 127.0.0.1:$SSH_PORT is already in use by another program"
  fi
  log "starting sshd on 127.0.0.1:$SSH_PORT"
  start_detached sshd "$LOGS/sshd-stdio.log" "$SYS_PATH" "${cmd[@]}"
  CHANGED=1
  wait_for 20 "sshd" sshd "$LOGS/sshd.log" -- sshd_up
}

# ---------------------------------------------------------------------------------------
# env file

write_env() {
  local va vb vc apia apib apic link
  va=$(engine_version "$ENGINE_A_HOST") || die "engine A is not answering"
  vb=$(engine_version "$ENGINE_B_HOST") || die "engine B is not answering"
  vc=$(engine_version "$ENGINE_C_HOST") || die "engine C is not answering"
  apia=$(timeout 10 "$(docker_cli)" -H "$ENGINE_A_HOST" version --format '{{.Server.APIVersion}}')
  apib=$(timeout 10 "$(docker_cli)" -H "$ENGINE_B_HOST" version --format '{{.Server.APIVersion}}')
  apic=$(timeout 10 "$(docker_cli)" -H "$ENGINE_C_HOST" version --format '{{.Server.APIVersion}}')
  link=$(engine_c_link)
  [[ -n $link ]] || die "engine C's link ($EC_VETH_HOST) has no address"
  write_if_changed "$STATE/env" 600 <<EOF || true
# dmcp test bed -- written by scripts/testbed.sh; shell-sourceable KEY=VALUE lines.
# Token registry (REGISTRY_TOKEN, docker-registry 2.8.2): sign an RS256 JWT with REGISTRY_TOKEN_KEY;
# the header needs ONE of x5c=[base64 DER of REGISTRY_TOKEN_CERT] (checked first), jwk=<public JWK>,
# or kid=REGISTRY_TOKEN_KID (libtrust fingerprint; a JWK thumbprint is rejected). Claims: iss=REGISTRY_TOKEN_ISSUER,
# aud=REGISTRY_TOKEN_SERVICE as a plain string (an array is rejected), exp/nbf (60 s leeway),
# access=[{"type":"repository","name":"<repo>","actions":["pull","push"]}]. Tests serve REGISTRY_TOKEN_REALM.
# 127.0.0.0/8 is an insecure-registry range for both engines: they push to REGISTRY_PLAIN over HTTP and
# do not verify REGISTRY_TLS's certificate (certs.d is only read for secure registries).
# TESTBED_IMAGE is busybox-static 1.35: its "wget -T N" segfaults -- use "timeout N wget ..." instead.
# Engine C (20.10, its own network and UTS namespaces) can join a swarm that engine A manages (engine B refuses
# swarm mode: --live-restore). Init on A with advertise_addr=ENGINE_A_SWARM_ADDR, join C with
# advertise_addr=ENGINE_C_SWARM_ADDR and remote_addrs=[ENGINE_A_SWARM_ADDR:2377]; the node's hostname is
# ENGINE_C_HOSTNAME. The kernel has no IPVS: publish service ports in host mode (the ingress routing mesh needs it).
ENGINE_A_HOST=$ENGINE_A_HOST
ENGINE_A_VERSION=$va
ENGINE_A_API_VERSION=$apia
ENGINE_B_HOST=$ENGINE_B_HOST
ENGINE_B_VERSION=$vb
ENGINE_B_API_VERSION=$apib
ENGINE_B_TLS_HOST=$ENGINE_B_TLS_HOST
ENGINE_B_CERT_DIR=$CERTS/engine-b-client
ENGINE_B_CA_ONLY_DIR=$CERTS/engine-b-ca-only
ENGINE_B_BRIDGE=$EB_BRIDGE
ENGINE_B_BRIDGE_CIDR=$(bridge_cidr)
ENGINE_B_ADDRESS_POOL=$EB_POOL
ENGINE_B_RUNC=$(readlink "$EB_BIN/runc")
ENGINE_C_HOST=$ENGINE_C_HOST
ENGINE_C_VERSION=$vc
ENGINE_C_API_VERSION=$apic
ENGINE_C_NETNS=$EC_NETNS
ENGINE_C_HOSTNAME=$EC_HOSTNAME
ENGINE_C_BRIDGE=$EC_BRIDGE
ENGINE_C_SWARM_ADDR=$link.2
ENGINE_A_SWARM_ADDR=$link.1
REGISTRY_PLAIN=$REG_PLAIN
REGISTRY_TLS=$REG_TLS
REGISTRY_TLS_CA=$CERTS/registry-ca/ca.pem
REGISTRY_USER=testuser
REGISTRY_PASSWORD=$(registry_password)
REGISTRY_TOKEN=$REG_TOKEN
REGISTRY_TOKEN_REALM=$TOKEN_REALM
REGISTRY_TOKEN_SERVICE=$TOKEN_SERVICE
REGISTRY_TOKEN_ISSUER=$TOKEN_ISSUER
REGISTRY_TOKEN_KEY=$CERTS/token/signing-key.pem
REGISTRY_TOKEN_CERT=$CERTS/token/signing-cert.pem
REGISTRY_TOKEN_KID=$(<"$CERTS/token/kid")
REGISTRY_TOKEN_ALG=RS256
SSH_HOST=ssh://root@127.0.0.1:$SSH_PORT
SSH_HOME=$SSH_HOME
SSH_KEY=$SSH_HOME/.ssh/id_ed25519
SSH_KNOWN_HOSTS=$SSH_HOME/.ssh/known_hosts
TESTBED_IMAGE=$IMAGE
TESTBED_DIR=$STATE
EOF
}

# ---------------------------------------------------------------------------------------
# verify: end-to-end checks (run after a start that changed something, or on demand)

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

mint_token() { # HEADER-KIND(kid|x5c) -> a JWT for the token registry (empty access)
  local now hdr claims sig
  now=$(date +%s)
  case $1 in
    kid) hdr=$(printf '{"typ":"JWT","alg":"RS256","kid":"%s"}' "$(<"$CERTS/token/kid")") ;;
    x5c) hdr=$(printf '{"typ":"JWT","alg":"RS256","x5c":["%s"]}' \
      "$(openssl x509 -in "$CERTS/token/signing-cert.pem" -outform DER | base64 -w0)") ;;
  esac
  claims=$(printf '{"iss":"%s","sub":"testbed","aud":"%s","exp":%d,"nbf":%d,"iat":%d,"jti":"%s","access":[]}' \
    "$TOKEN_ISSUER" "$TOKEN_SERVICE" $((now + 300)) $((now - 10)) "$now" "$(openssl rand -hex 8)")
  local input
  input="$(printf '%s' "$hdr" | b64url).$(printf '%s' "$claims" | b64url)"
  sig=$(printf '%s' "$input" | openssl dgst -sha256 -sign "$CERTS/token/signing-key.pem" -binary | b64url)
  printf '%s.%s' "$input" "$sig"
}

VERIFY_TMP=""
VERIFY_NETS=()
VERIFY_CTRS=()
VERIFY_TAGS=()
verify_cleanup() {
  local x h
  for x in "${VERIFY_CTRS[@]}"; do dk "${x%%|*}" rm -f "${x#*|}" >/dev/null 2>&1 || true; done
  for x in "${VERIFY_NETS[@]}"; do dk "${x%%|*}" network rm "${x#*|}" >/dev/null 2>&1 || true; done
  for x in "${VERIFY_TAGS[@]}"; do dk "${x%%|*}" rmi "${x#*|}" >/dev/null 2>&1 || true; done
  if [[ -n $VERIFY_TMP ]]; then
    for h in "$REG_TLS" localhost:5443; do
      DOCKER_CONFIG=$VERIFY_TMP/config timeout 20 "$(docker_cli)" logout "$h" >/dev/null 2>&1 || true
    done
    rm -rf "$VERIFY_TMP"
  fi
  VERIFY_CTRS=() VERIFY_NETS=() VERIFY_TAGS=() VERIFY_TMP=""
}

VERIFY_FAIL=0
check() { # DESCRIPTION CMD...   (a failure is recorded in VERIFY_FAIL)
  local d=$1; shift
  if "$@" >"$VERIFY_TMP/out" 2>&1; then
    log "  ok: $d"
  else
    log "  FAILED: $d"
    tail -n 20 "$VERIFY_TMP/out" >&2
    VERIFY_FAIL=1
  fi
  return 0
}

check_not() { # DESCRIPTION CMD... (must fail)
  local d=$1; shift
  if "$@" >"$VERIFY_TMP/out" 2>&1; then
    log "  FAILED (unexpectedly succeeded): $d"
    VERIFY_FAIL=1
    return 0
  fi
  log "  ok: $d"
}

verify_engine() { # HOST LABEL
  local h=$1 l=$2 net=dmcp-testbed-verify-$$-$2 srv=dmcp-testbed-verify-$$-$2-httpd
  check "engine $l: docker run --rm $IMAGE true" dk "$h" run --rm "$IMAGE" true
  check "engine $l: --user nobody" bash -c "[[ \$(timeout 60 $(docker_cli) -H $h run --rm --user nobody $IMAGE id -un) == nobody ]]"
  check "engine $l: user-defined network create" dk "$h" network create "$net"
  VERIFY_NETS+=("$h|$net")
  check "engine $l: run on user-defined network" dk "$h" run --rm --network "$net" "$IMAGE" true
  check "engine $l: httpd container on that network" dk "$h" run -d --name "$srv" --network "$net" "$IMAGE" \
    sh -c 'mkdir -p /www && echo dmcp-ok > /www/index.html && httpd -f -p 8080 -h /www'
  VERIFY_CTRS+=("$h|$srv")
  check "engine $l: container-to-container traffic (by name, embedded DNS)" \
    bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do out=\$(timeout 30 $(docker_cli) -H $h run --rm --network $net $IMAGE timeout 5 wget -q -O - http://$srv:8080/ 2>&1) && [[ \$out == dmcp-ok ]] && exit 0; sleep 0.5; done; echo \"\$out\"; exit 1"
  dk "$h" rm -f "$srv" >/dev/null 2>&1 || true
  dk "$h" network rm "$net" >/dev/null 2>&1 || true
}

verify_push() { # HOST LABEL
  local h=$1 l=$2 tag
  check "engine $l: 127.0.0.0/8 is an insecure registry range" \
    bash -c "timeout 20 $(docker_cli) -H $h info --format '{{json .RegistryConfig.InsecureRegistryCIDRs}}' | grep -q '127.0.0.0/8'"
  tag=$REG_PLAIN/dmcp-testbed/busybox:engine-$l
  VERIFY_TAGS+=("$h|$tag")
  check "engine $l: push to plain registry $REG_PLAIN" bash -c "timeout 60 $(docker_cli) -H $h tag $IMAGE $tag && timeout 120 $(docker_cli) -H $h push $tag"
  tag=$REG_TLS/dmcp-testbed/busybox:engine-$l
  VERIFY_TAGS+=("$h|$tag")
  check "engine $l: login + push to TLS registry $REG_TLS" bash -c "
    export DOCKER_CONFIG=$VERIFY_TMP/config
    timeout 30 $(docker_cli) -H $h login -u testuser --password-stdin $REG_TLS < $STATE/registry/tls/password &&
    timeout 60 $(docker_cli) -H $h tag $IMAGE $tag && timeout 120 $(docker_cli) -H $h push $tag &&
    timeout 30 $(docker_cli) logout $REG_TLS"
}

verify_pull() { # HOST LABEL FROM-LABEL
  local h=$1 l=$2 from=$3 tag
  tag=$REG_PLAIN/dmcp-testbed/busybox:engine-$from
  VERIFY_TAGS+=("$h|$tag")
  check "engine $l: pull $tag" dk "$h" pull "$tag"
  tag=$REG_TLS/dmcp-testbed/busybox:engine-$from
  VERIFY_TAGS+=("$h|$tag")
  check "engine $l: pull $tag after login" bash -c "
    export DOCKER_CONFIG=$VERIFY_TMP/config
    timeout 30 $(docker_cli) -H $h login -u testuser --password-stdin $REG_TLS < $STATE/registry/tls/password &&
    timeout 120 $(docker_cli) -H $h pull $tag && timeout 30 $(docker_cli) logout $REG_TLS"
}

do_verify() {
  log "verifying the test bed"
  VERIFY_TMP=$(mktemp -d)
  mkdir -p "$VERIFY_TMP/config"
  trap 'verify_cleanup' EXIT
  local vb
  VERIFY_FAIL=0
  vb=$(engine_version "$ENGINE_B_HOST" || true)
  verify_engine "$ENGINE_A_HOST" a
  verify_engine "$ENGINE_B_HOST" b
  verify_engine "$ENGINE_C_HOST" c
  check "engine C: its node name is $EC_HOSTNAME" bash -c "[[ \$(timeout 20 $(docker_cli) -H $ENGINE_C_HOST info --format '{{.Name}}') == $EC_HOSTNAME ]]"
  check "engine C: reaches the host side of its link ($(engine_c_link).1)" \
    ip netns exec "$EC_NETNS" /bin/busybox ping -c 1 -W 2 "$(engine_c_link).1"
  verify_push "$ENGINE_A_HOST" a
  verify_push "$ENGINE_B_HOST" b
  verify_pull "$ENGINE_A_HOST" a b
  verify_pull "$ENGINE_B_HOST" b a
  check_not "TLS registry refuses anonymous pushes/pulls" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --cacert $CERTS/registry-ca/ca.pem https://$REG_TLS/v2/_catalog) == 200 ]]"
  check "TLS registry accepts testuser with REGISTRY_TLS_CA" reg_tls_auth_ok
  check "token registry challenges with realm/service" bash -c "curl -s -D - -o /dev/null http://$REG_TOKEN/v2/ | grep -i '^www-authenticate: Bearer realm=\"$TOKEN_REALM\",service=\"$TOKEN_SERVICE\"'"
  check "token registry accepts a JWT with kid=REGISTRY_TOKEN_KID" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer \$1\" http://$REG_TOKEN/v2/) == 200 ]]" _ "$(mint_token kid)"
  check "token registry accepts a JWT with x5c=[REGISTRY_TOKEN_CERT]" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -H \"Authorization: Bearer \$1\" http://$REG_TOKEN/v2/) == 200 ]]" _ "$(mint_token x5c)"
  check "engine B over TLS with the client cert" engine_b_tls version
  check_not "engine B over TLS without a client cert is refused" timeout 20 "$(docker_cli)" --tlsverify \
    --tlscacert "$CERTS/engine-b-ca-only/ca.pem" -H "$ENGINE_B_TLS_HOST" version
  check "ssh: DOCKER_HOST reaches the session (sshd SetEnv)" bash -c "[[ \$(HOME=$SSH_HOME timeout 30 ssh -n -o BatchMode=yes -o ConnectTimeout=10 -p $SSH_PORT root@127.0.0.1 'echo \$DOCKER_HOST') == '$ENGINE_B_HOST' ]]"
  check "ssh: remote docker talks to engine B ($vb)" bash -c "[[ \$(HOME=$SSH_HOME timeout 30 ssh -n -o BatchMode=yes -o ConnectTimeout=10 -p $SSH_PORT root@127.0.0.1 docker version --format '{{.Server.Version}}') == '$vb' ]]"
  check "ssh: DOCKER_HOST=ssh://root@127.0.0.1:$SSH_PORT docker version" bash -c "[[ \$(DOCKER_HOST=ssh://root@127.0.0.1:$SSH_PORT HOME=$SSH_HOME timeout 60 $(docker_cli) version --format '{{.Server.Version}}') == '$vb' ]]"
  local cli
  for cli in /usr/local/bin/docker /usr/bin/docker; do
    [[ -x $cli ]] || continue
    check "$cli compose version" env DOCKER_CONFIG="$VERIFY_TMP/config" timeout 30 "$cli" compose version
    check "$cli buildx version" env DOCKER_CONFIG="$VERIFY_TMP/config" timeout 30 "$cli" buildx version
  done
  verify_cleanup
  trap - EXIT
  ((VERIFY_FAIL == 0)) || die "verification failed"
  log "verification passed"
}

# ---------------------------------------------------------------------------------------
# status / stop

do_status() {
  local bad=0 v
  row() { printf '%-16s %-5s %s\n' "$1" "$2" "$3"; }
  if v=$(engine_version "$ENGINE_A_HOST"); then row engine-a up "$v $ENGINE_A_HOST"; else row engine-a DOWN "$ENGINE_A_HOST"; bad=1; fi
  if [[ -x $EB_BIN/ctr ]] && ctrd_b_up; then row containerd-b up "$CTRD_B_SOCK"; else row containerd-b DOWN "$CTRD_B_SOCK"; bad=1; fi
  if v=$(engine_version "$ENGINE_B_HOST"); then row engine-b up "$v $ENGINE_B_HOST"; else row engine-b DOWN "$ENGINE_B_HOST"; bad=1; fi
  if [[ -s $CERTS/engine-b-client/key.pem ]] && engine_b_tls version >/dev/null 2>&1; then row engine-b-tls up "$ENGINE_B_TLS_HOST"; else row engine-b-tls DOWN "$ENGINE_B_TLS_HOST"; bad=1; fi
  if ctrd_c_up; then row containerd-c up "$CTRD_C_SOCK"; else row containerd-c DOWN "$CTRD_C_SOCK"; bad=1; fi
  if v=$(engine_version "$ENGINE_C_HOST"); then row engine-c up "$v $ENGINE_C_HOST (netns $EC_NETNS, $(engine_c_link).2)"; else row engine-c DOWN "$ENGINE_C_HOST"; bad=1; fi
  if ip link show "$EB_BRIDGE" >/dev/null 2>&1; then row bridge up "$EB_BRIDGE $(bridge_cidr)"; else row bridge DOWN "$EB_BRIDGE"; bad=1; fi
  if iptables -w -C FORWARD -j "$FW_CHAIN" 2>/dev/null; then row firewall up "filter/$FW_CHAIN"; else row firewall DOWN "filter/$FW_CHAIN"; bad=1; fi
  local h l
  for l in a b c; do
    case $l in a) h=$ENGINE_A_HOST ;; b) h=$ENGINE_B_HOST ;; c) h=$ENGINE_C_HOST ;; esac
    if dk "$h" image inspect "$IMAGE" >/dev/null 2>&1; then row "image-$l" up "$IMAGE"; else row "image-$l" DOWN "$IMAGE"; bad=1; fi
  done
  if reg_plain_up; then row registry-plain up "$REG_PLAIN"; else row registry-plain DOWN "$REG_PLAIN"; bad=1; fi
  if [[ -s $CERTS/registry-ca/ca.pem ]] && reg_tls_up; then row registry-tls up "$REG_TLS"; else row registry-tls DOWN "$REG_TLS"; bad=1; fi
  if reg_token_up; then row registry-token up "$REG_TOKEN"; else row registry-token DOWN "$REG_TOKEN"; bad=1; fi
  if sshd_up; then row sshd up "127.0.0.1:$SSH_PORT"; else row sshd DOWN "127.0.0.1:$SSH_PORT"; bad=1; fi
  local p
  for p in docker-compose docker-buildx; do
    if [[ -x /usr/libexec/docker/cli-plugins/$p ]]; then row "$p" up "/usr/libexec/docker/cli-plugins/$p"; else row "$p" DOWN "/usr/libexec/docker/cli-plugins/$p"; bad=1; fi
  done
  local base
  for base in "$NODE_BASE" "$CLI_BASE" "$SCOUT_BASE"; do
    if dk "$ENGINE_A_HOST" image inspect "$base" >/dev/null 2>&1; then row stand-in up "$base (engine A)"; else row stand-in DOWN "$base (engine A)"; bad=1; fi
  done
  if [[ -s $STATE/env ]]; then row env up "$STATE/env"; else row env DOWN "$STATE/env"; bad=1; fi
  return "$bad"
}

do_stop() {
  stop_named sshd 10
  stop_named registry-token 15
  stop_named registry-tls 15
  stop_named registry-plain 15
  # engine B runs with --live-restore: its containers would outlive the daemon, stop them first
  if pid_of dockerd-b >/dev/null && engine_version "$ENGINE_B_HOST" >/dev/null; then
    local ids
    ids=$(dk "$ENGINE_B_HOST" ps -q 2>/dev/null || true)
    if [[ -n $ids ]]; then
      log "stopping engine B's running containers"
      # shellcheck disable=SC2086
      dk "$ENGINE_B_HOST" stop -t 3 $ids >/dev/null 2>&1 || true
    fi
  fi
  stop_named dockerd-b 60
  stop_named containerd-b 30
  stop_engine_c
  if [[ -f $RUN/engine-a.ours ]]; then
    local pid
    if pid=$(pid_of engine-a); then
      stop_pid engine-a "$pid" 60
    fi
    rm -f "$RUN/engine-a.ours" "$RUN/engine-a.pid" "$RUN/engine-a.cmd" "$RUN/engine-a.exe"
  else
    log "engine A was not started by this script; leaving it alone"
  fi
  remove_firewall
  if ip link show "$EB_BRIDGE" >/dev/null 2>&1; then ip link del "$EB_BRIDGE" || true; fi
  log "stopped"
}

# Build tests leave BuildKit cache records behind, unlabelled; without a reset they pile up run after run (hundreds
# of entries make `system df` documents grow past what tests expect). Cache only: no image or container is touched.
reset_build_cache() { # HOST
  dk "$1" builder prune -af >/dev/null 2>&1 || log "could not prune the build cache on $1 (continuing)"
}

# ---------------------------------------------------------------------------------------

do_start() {
  local t0=$SECONDS
  ensure_packages
  ensure_engine_b_files
  ensure_plugins
  ensure_certs
  ensure_engine_a
  ensure_bridge
  ensure_firewall
  ensure_containerd_b
  ensure_engine_b
  ensure_netns_c
  ensure_containerd_c
  ensure_engine_c
  ensure_image "$ENGINE_A_HOST" A
  ensure_image "$ENGINE_B_HOST" B
  ensure_image "$ENGINE_C_HOST" C
  ensure_dist_bases
  reset_swarm "$ENGINE_C_HOST" C
  reset_swarm "$ENGINE_A_HOST" A
  reset_build_cache "$ENGINE_A_HOST"
  reset_build_cache "$ENGINE_B_HOST"
  ensure_registries
  ensure_sshd
  write_env
  if ((CHANGED)) || [[ ${DMCP_TESTBED_VERIFY:-} == 1 ]]; then do_verify; fi
  log "test bed ready in $((SECONDS - t0))s"
  echo "$STATE/env"
}

main() {
  local action=${1:-start}
  case $action in
    start | up | status | stop | down | verify) ;;
    -h | --help | help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      return 0 ;;
    *) die "unknown command '$action' (use start, status, verify or stop)" ;;
  esac
  [[ $(id -u) == 0 ]] || die "must run as root"
  mkdir -p "$STATE" "$LOGS" "$RUN"
  chmod 755 "$STATE"
  if [[ $action != status ]]; then
    exec 9>"$STATE/.lock"
    flock -w 600 9 || die "another testbed.sh holds $STATE/.lock"
  fi
  case $action in
    start | up) do_start ;;
    status) do_status ;;
    verify) do_verify ;;
    stop | down) do_stop ;;
  esac
}

main "$@"
