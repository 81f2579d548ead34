# shellcheck shell=bash
# Shared definitions of the local control plane scripts (up.sh, down.sh, status.sh, smoke.sh).
# Sourced, never executed.

CLUSTER_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_TOOLS/../.." && pwd)"
CLUSTER_DIR="${PAVED_CLUSTER_DIR:-$REPO_ROOT/.cluster}"
PKI="$CLUSTER_DIR/pki"
PIDS="$CLUSTER_DIR/pids"
LOGS="$CLUSTER_DIR/logs"
GEN="$CLUSTER_DIR/generated"
POD_LOG_DIR="$LOGS/pods"
PAVED_CACHE_ROOT="${PAVED_CACHE:-$HOME/.cache/paved}"
# The cluster's name: in kubeconfigs, Prometheus' external labels and the env file (PAVED_CLUSTER_NAME).
CLUSTER_LABEL=paved-local
CLUSTER_NAME=""
PORT_OFFSET=0

LOG_TAG=cluster
log() { printf '[%s] %s %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*"; }
warn() { printf '[%s] %s WARNING: %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[%s] %s ERROR: %s\n' "$LOG_TAG" "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
# Named clusters. `--name NAME` (every script of this directory takes it) selects another whole control plane that
# shares the built binaries: its state lives in <repo>/.cluster-NAME, its cluster name is paved-NAME, and its ports
# are the defaults shifted by 100 × a number derived from NAME (or --port-offset N), recorded on its first up.
# select_cluster ARGS... -> consumes --name and --port-offset; the other arguments are left in CLUSTER_ARGS.
select_cluster() {
  CLUSTER_ARGS=()
  local name="" offset=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --name) [ $# -ge 2 ] || die "--name needs a value (e.g. --name two)"; name="$2"; shift 2 ;;
      --name=*) name="${1#--name=}"; shift ;;
      --port-offset) [ $# -ge 2 ] || die "--port-offset needs a number"; offset="$2"; shift 2 ;;
      --port-offset=*) offset="${1#--port-offset=}"; shift ;;
      *) CLUSTER_ARGS+=("$1"); shift ;;
    esac
  done
  [ -n "$name" ] || { [ -z "$offset" ] || die "--port-offset applies to a named cluster (--name NAME)"; return 0; }
  [[ "$name" =~ ^[a-z][a-z0-9-]{0,15}$ ]] \
    || die "--name $name: use 1-16 lower-case letters, digits or '-', starting with a letter"
  [ "$name" != local ] || die "--name local is the default cluster; leave --name out"
  CLUSTER_NAME="$name"
  CLUSTER_LABEL="paved-$name"
  LOG_TAG="cluster:$name"
  CLUSTER_DIR="$REPO_ROOT/.cluster-$name"
  PKI="$CLUSTER_DIR/pki"
  PIDS="$CLUSTER_DIR/pids"
  LOGS="$CLUSTER_DIR/logs"
  GEN="$CLUSTER_DIR/generated"
  POD_LOG_DIR="$LOGS/pods"
  if [ -n "$offset" ]; then
    [[ "$offset" =~ ^[0-9]+$ ]] && [ "$offset" -ge 100 ] && [ "$offset" -le 3900 ] && [ $((offset % 100)) = 0 ] \
      || die "--port-offset $offset: use a multiple of 100 between 100 and 3900"
    PORT_OFFSET="$offset"
  else
    case "$name" in
      two) PORT_OFFSET=100 ;;
      three) PORT_OFFSET=200 ;;
      *) PORT_OFFSET=$(( (4 + $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 35) * 100 )) ;;
    esac
  fi
  # the primary cluster's coordinates in the caller's environment (tests source .cluster/env) never apply here
  unset PAVED_CLUSTER_DIR PAVED_ETCD_DATA_DIR
}

# ---------------------------------------------------------------------------------------------------------------
# Ports. Precedence: PAVED_*_PORT from the environment (default cluster only) > the ports recorded by the last `up` >
# the defaults (shifted by a named cluster's offset).
PORT_VARS=(ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHEDULER_PORT KWOK_PORT METRICS_SERVER_PORT
  PROMETHEUS_PORT SIM_PORT JAEGER_PORT JAEGER_GRPC_PORT JAEGER_OTLP_PORT FLUX_STORAGE_PORT FLUX_SOURCE_PORT
  FLUX_KUSTOMIZE_PORT)
declare -A PORT_DEFAULTS=(
  [ETCD_PORT]=23790 [ETCD_PEER_PORT]=23800 [APISERVER_PORT]=16443 [KCM_PORT]=20257 [SCHEDULER_PORT]=20259
  [KWOK_PORT]=20250 [METRICS_SERVER_PORT]=20443 [PROMETHEUS_PORT]=19090 [SIM_PORT]=19091
  [JAEGER_PORT]=16686 [JAEGER_GRPC_PORT]=16685 [JAEGER_OTLP_PORT]=14318
  [FLUX_STORAGE_PORT]=19590 [FLUX_SOURCE_PORT]=19591 [FLUX_KUSTOMIZE_PORT]=19592
)
# load_port_set DIR VARS DEFAULTS: sets each variable named in the array VARS from PAVED_<VAR> in the environment,
# else from DIR/ports.env (what the last `up` recorded), else from the associative array DEFAULTS.
load_port_set() {
  local dir="$1" v from_env
  local -n port_vars="$2" port_defaults="$3"
  declare -A recorded=()
  if [ -f "$dir/ports.env" ]; then
    while IFS='=' read -r k val; do
      [[ "$k" =~ ^PAVED_[A-Z_]+_PORT$ ]] && recorded[${k#PAVED_}]="$val"
    done <"$dir/ports.env"
  fi
  for v in "${port_vars[@]}"; do
    from_env="PAVED_$v"
    if [ -z "$CLUSTER_NAME" ] && [ -n "${!from_env:-}" ]; then
      printf -v "$v" '%s' "${!from_env}"
    elif [ -n "${recorded[$v]:-}" ]; then
      printf -v "$v" '%s' "${recorded[$v]}"
    else
      printf -v "$v" '%s' "$((port_defaults[$v] + PORT_OFFSET))"
    fi
  done
}
# save_port_set DIR VARS: records the ports in DIR/ports.env
save_port_set() {
  local dir="$1" v
  local -n port_vars="$2"
  for v in "${port_vars[@]}"; do echo "PAVED_$v=${!v}"; done >"$dir/ports.env"
}
load_ports() {
  load_port_set "$CLUSTER_DIR" PORT_VARS PORT_DEFAULTS
  API_URL="https://127.0.0.1:$APISERVER_PORT"
}
save_ports() { save_port_set "$CLUSTER_DIR" PORT_VARS; }

# etcd keeps its data on tmpfs when there is one (fast, gone after a reboot: `up` then recreates the demo state).
etcd_data_dir() {
  if [ -n "${PAVED_ETCD_DATA_DIR:-}" ]; then
    echo "$PAVED_ETCD_DATA_DIR"
  elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
    echo "/dev/shm/paved-etcd-$(printf '%s' "$CLUSTER_DIR" | sha256sum | cut -c1-8)"
  else
    echo "$CLUSTER_DIR/etcd"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Binaries (directories printed by build.sh; nothing is built here).
load_bin_dirs() {
  eval "$(bash "$CLUSTER_TOOLS/build.sh" print-dirs | grep -E '^[A-Z_]+_DIR=[^ ;&|]+$')"
  ETCD_BIN="$ETCD_DIR/etcd"
  APISERVER_BIN="$KUBE_DIR/kube-apiserver"
  KCM_BIN="$KUBE_DIR/kube-controller-manager"
  SCHEDULER_BIN="$KUBE_DIR/kube-scheduler"
  KUBECTL="$KUBE_DIR/kubectl"
  KWOK_BIN="$KWOK_DIR/kwok"
  METRICS_SERVER_BIN="$METRICS_SERVER_DIR/metrics-server"
  PROMETHEUS_BIN="${PAVED_PROMETHEUS_BIN:-/usr/bin/prometheus}"
  SIM_DIR="$PAVED_CACHE_ROOT/cluster/sim-$(sim_source_hash)"
  SIM_BIN="$SIM_DIR/sim"
  JAEGER_BIN="$(bash "$CLUSTER_TOOLS/build-jaeger.sh" print-dir)/jaeger"
  FLUX_DIR="$(bash "$CLUSTER_TOOLS/build-flux.sh" print-dir)"
  FLUX_SOURCE_BIN="$FLUX_DIR/source-controller"
  FLUX_KUSTOMIZE_BIN="$FLUX_DIR/kustomize-controller"
}
sim_source_hash() {
  (cd "$CLUSTER_TOOLS/sim" && find . -type f \( -name '*.go' -o -name 'go.mod' \) -print0 | LC_ALL=C sort -z \
    | xargs -0 sha256sum | sha256sum | cut -c1-10)
}

# Components in start order: name -> binary variable, port variable, health probe.
# Flux's controllers (GitOps) run in the default cluster only.
COMPONENTS=(etcd kube-apiserver kwok kube-controller-manager kube-scheduler metrics-server sim prometheus jaeger
  source-controller kustomize-controller)
FLUX_COMPONENTS=(source-controller kustomize-controller)
# flux_runs_here -> exit 0 when this cluster runs Flux's controllers (the default one)
flux_runs_here() { [ -z "$CLUSTER_NAME" ]; }
component_bin() {
  case "$1" in
    etcd) echo "$ETCD_BIN" ;;
    kube-apiserver) echo "$APISERVER_BIN" ;;
    kube-controller-manager) echo "$KCM_BIN" ;;
    kube-scheduler) echo "$SCHEDULER_BIN" ;;
    kwok) echo "$KWOK_BIN" ;;
    metrics-server) echo "$METRICS_SERVER_BIN" ;;
    sim) echo "$SIM_BIN" ;;
    prometheus) echo "$PROMETHEUS_BIN" ;;
    jaeger) echo "$JAEGER_BIN" ;;
    source-controller) echo "$FLUX_SOURCE_BIN" ;;
    kustomize-controller) echo "$FLUX_KUSTOMIZE_BIN" ;;
  esac
}
component_port() {
  case "$1" in
    etcd) echo "$ETCD_PORT" ;;
    kube-apiserver) echo "$APISERVER_PORT" ;;
    kube-controller-manager) echo "$KCM_PORT" ;;
    kube-scheduler) echo "$SCHEDULER_PORT" ;;
    kwok) echo "$KWOK_PORT" ;;
    metrics-server) echo "$METRICS_SERVER_PORT" ;;
    sim) echo "$SIM_PORT" ;;
    prometheus) echo "$PROMETHEUS_PORT" ;;
    jaeger) echo "$JAEGER_PORT" ;;
    source-controller) echo "$FLUX_SOURCE_PORT" ;;
    kustomize-controller) echo "$FLUX_KUSTOMIZE_PORT" ;;
  esac
}
component_port_var() {
  case "$1" in
    etcd) echo ETCD_PORT ;;
    kube-apiserver) echo APISERVER_PORT ;;
    kube-controller-manager) echo KCM_PORT ;;
    kube-scheduler) echo SCHEDULER_PORT ;;
    kwok) echo KWOK_PORT ;;
    metrics-server) echo METRICS_SERVER_PORT ;;
    sim) echo SIM_PORT ;;
    prometheus) echo PROMETHEUS_PORT ;;
    jaeger) echo JAEGER_PORT ;;
    source-controller) echo FLUX_SOURCE_PORT ;;
    kustomize-controller) echo FLUX_KUSTOMIZE_PORT ;;
  esac
}
# health NAME -> exit 0 when the component answers its health endpoint
health() {
  local c=(curl -fsS --max-time 3 -o /dev/null)
  case "$1" in
    etcd) "${c[@]}" --cacert "$PKI/etcd-ca.crt" --cert "$PKI/apiserver-etcd-client.crt" \
      --key "$PKI/apiserver-etcd-client.key" "https://127.0.0.1:$ETCD_PORT/health" ;;
    kube-apiserver) "${c[@]}" --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
      "$API_URL/readyz" ;;
    kube-controller-manager) "${c[@]}" -k "https://127.0.0.1:$KCM_PORT/healthz" ;;
    kube-scheduler) "${c[@]}" -k "https://127.0.0.1:$SCHEDULER_PORT/healthz" ;;
    kwok) "${c[@]}" "http://127.0.0.1:$KWOK_PORT/healthz" ;;
    metrics-server) "${c[@]}" --cacert "$PKI/ca.crt" "https://127.0.0.1:$METRICS_SERVER_PORT/livez" ;;
    sim) "${c[@]}" "http://127.0.0.1:$SIM_PORT/healthz" ;;
    prometheus) "${c[@]}" "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" ;;
    jaeger) "${c[@]}" "http://127.0.0.1:$JAEGER_PORT/api/services" ;;
    source-controller) "${c[@]}" "http://127.0.0.1:$FLUX_SOURCE_PORT/readyz" ;;
    kustomize-controller) "${c[@]}" "http://127.0.0.1:$FLUX_KUSTOMIZE_PORT/readyz" ;;
  esac
}

# ---------------------------------------------------------------------------------------------------------------
# Processes. A pid file holds "<pid> <absolute binary path>"; a pid only counts as ours while /proc/<pid>/exe is
# still that binary.
pid_of() {
  local f="$PIDS/$1.pid" pid bin exe
  [ -f "$f" ] || return 1
  read -r pid bin _ <"$f" || return 1
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  exe="${exe% (deleted)}"
  [ "$exe" = "$bin" ] || [ "$(basename "$exe")" = "$(basename "$bin")" ] || return 1
  # a zombie is not running
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  echo "$pid"
}
is_running() { pid_of "$1" >/dev/null; }

# fingerprint ARGS... -> hash of the arguments and of the files they name inside the repository's tools and the
# binary cache and of the generated kubeconfigs (Prometheus' configuration is reloaded, not fingerprinted)
fingerprint() {
  local a v
  for a in "$@"; do
    printf '%s\n' "$a"
    v="${a#*=}"
    if [ -f "$v" ] && { [[ "$v" == "$CLUSTER_TOOLS"/* ]] || [[ "$v" == "$PAVED_CACHE_ROOT"/* ]] || [[ "$v" == "$GEN"/* ]]; }; then
      sha256sum <"$v"
    fi
  done | sha256sum | cut -c1-16
}
recorded_fingerprint() { local f="$PIDS/$1.pid" _p _b fp; [ -f "$f" ] && read -r _p _b fp <"$f" && echo "$fp"; }
recorded_bin() { local f="$PIDS/$1.pid" _p b; [ -f "$f" ] && read -r _p b _ <"$f" && echo "$b"; }

# start NAME BINARY ARGS... -> detached (own session, survives the script), output to $LOGS/NAME.log
start_proc() {
  local name="$1" bin="$2" fp
  shift 2
  fp="$(fingerprint "$bin" "$@")"
  mkdir -p "$PIDS" "$LOGS"
  # keep one previous log once a component's log passes 20 MiB
  if [ -f "$LOGS/$name.log" ] && [ "$(stat -c %s "$LOGS/$name.log")" -gt $((20 << 20)) ]; then
    mv -f "$LOGS/$name.log" "$LOGS/$name.log.1"
  fi
  printf '\n===== %s starting %s\n' "$(date -Is)" "$name" >>"$LOGS/$name.log"
  # The inner shell records its own pid, then execs the binary: the recorded pid is the binary's.
  setsid bash -c 'echo "$$ $1 $2" >"$3"; shift 3; exec "$@"' _ "$bin" "$fp" "$PIDS/$name.pid" "$bin" "$@" \
    </dev/null >>"$LOGS/$name.log" 2>&1 8>&- 9>&- &
  local i
  # until the recorded pid has exec'd the binary
  for i in $(seq 1 100); do pid_of "$name" >/dev/null && break; sleep 0.02; done
}

# stop NAME -> TERM, wait up to 20 s, then KILL; only the recorded pid, only if it is still our binary
stop_proc() {
  local name="$1" pid i
  pid="$(pid_of "$name")" || { rm -f "$PIDS/$name.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do
    [ -d "/proc/$pid" ] || break
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = "Z" ] && break
    sleep 0.1
  done
  if [ -d "/proc/$pid" ] && pid_of "$name" >/dev/null; then
    warn "$name (pid $pid) ignored SIGTERM for 20 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
  fi
  rm -f "$PIDS/$name.pid"
}

# wait_until TIMEOUT_SECONDS DESCRIPTION COMMAND... -> polls every 0.25 s
wait_until() {
  local timeout="$1" what="$2" deadline
  shift 2
  deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      return 1
    fi
    sleep 0.25
  done
}

kc() { "$KUBECTL" --kubeconfig "$CLUSTER_DIR/admin.kubeconfig" "$@"; }

# read_down_args HELP_LINES ARGS...: PURGE=1 for --purge; --help prints lines 2..HELP_LINES of the calling script.
read_down_args() {
  local help="$1" a
  shift
  PURGE=0
  for a in "$@"; do
    case "$a" in
      --purge) PURGE=1 ;;
      -h | --help) sed -n "2,${help}p" "$0"; exit 0 ;;
      *) die "unknown argument $a" ;;
    esac
  done
}

# stop_components LOCK NAMES: stops the components named in the array NAMES, in reverse order, each only while
# its recorded pid still runs it, holding the up lock LOCK (waiting up to two minutes for a running up.sh).
stop_components() {
  local lock="$1" i name pid
  local -n stop_names="$2"
  [ -d "$PIDS" ] || return 0
  exec 8>"$lock"
  flock -w 120 8 || warn "up.sh still holds the lock; stopping anyway"
  for ((i = ${#stop_names[@]} - 1; i >= 0; i--)); do
    name="${stop_names[$i]}"
    if pid="$(pid_of "$name")"; then
      log "stopping $name (pid $pid)"
      stop_proc "$name"
    else
      rm -f "$PIDS/$name.pid"
    fi
  done
}

# print_component_states NAMES PORT_FN HEALTH_FN: a table of the components named in the array NAMES (state, pid,
# port from PORT_FN NAME, health from HEALTH_FN NAME); returns non-zero when one is stopped or failing.
print_component_states() {
  local -n state_names="$1"
  local port_fn="$2" health_fn="$3" name port pid h rc=0
  printf '%-24s %-8s %-8s %-6s %s\n' COMPONENT STATE PID PORT HEALTH
  for name in "${state_names[@]}"; do
    port="$("$port_fn" "$name")"
    if pid="$(pid_of "$name")"; then
      if "$health_fn" "$name"; then h=ok; else h=failing; rc=1; fi
      printf '%-24s %-8s %-8s %-6s %s\n' "$name" running "$pid" "$port" "$h"
    else
      printf '%-24s %-8s %-8s %-6s %s\n' "$name" stopped - "$port" -
      rc=1
    fi
  done
  return "$rc"
}
