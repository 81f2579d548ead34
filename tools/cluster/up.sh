#!/usr/bin/env bash
# Brings the local Kubernetes control plane up (idempotent): builds what is missing, creates the PKI once, starts
# every component that is not running, waits for readiness and applies the demo state. See README.md.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"
# shellcheck source=pki.sh
source "$HERE/pki.sh"
select_cluster "$@"
[ "${#CLUSTER_ARGS[@]}" = 0 ] || die "unknown argument ${CLUSTER_ARGS[0]} (up.sh takes --name NAME and --port-offset N)"

START_TS=$(date +%s%N)
elapsed() { echo "$(( ($(date +%s%N) - START_TS) / 1000000 ))ms" | sed -E 's/([0-9]+)([0-9]{3})ms$/\1.\2s/'; }

load_ports
mkdir -p "$CLUSTER_DIR" "$PIDS" "$LOGS" "$POD_LOG_DIR" "$GEN" "$CLUSTER_DIR/prometheus"
exec 8>"$CLUSTER_DIR/.up.lock"
flock -n 8 || { log "another up.sh is running; waiting for it"; flock 8; }

# --- binaries -------------------------------------------------------------------------------------------------
log "checking binaries (tools/cluster/build.sh; a cold build takes a while, see $LOGS/build.log)"
# build progress lines are shown, everything else goes to the log
bash "$HERE/build.sh" all 2>&1 | tee -a "$LOGS/build.log" \
  | { grep --line-buffered -E '^\[cluster:build\]' | grep --line-buffered -vE ' cached$| done$' || true; }
if [ "${PIPESTATUS[0]}" != 0 ]; then
  tail -n 30 "$LOGS/build.log" >&2
  die "build failed (full log: $LOGS/build.log)"
fi
load_bin_dirs

if [ ! -x "$SIM_BIN" ]; then
  log "building the simulator -> $SIM_DIR"
  mkdir -p "$SIM_DIR.tmp"
  (cd "$HERE/sim" && CGO_ENABLED=0 GOFLAGS=-trimpath GOTOOLCHAIN=local go build -ldflags "-s -w" -o "$SIM_DIR.tmp/sim" .) \
    || die "simulator build failed"
  rm -rf "$SIM_DIR" && mv "$SIM_DIR.tmp" "$SIM_DIR"
fi

if [ ! -x "$PROMETHEUS_BIN" ]; then
  log "installing Debian's prometheus package (its system service is not used)"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  # keep the package's init script from starting a system instance
  POLICY_CREATED=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod 755 /usr/sbin/policy-rc.d
    POLICY_CREATED=1
  fi
  mkdir -p "$LOGS"
  # another apt run (the test script installs Chromium and haproxy meanwhile) holds dpkg's lock: wait for it
  apt_install() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 "$@" >>"$LOGS/apt.log" 2>&1; }
  if ! apt_install install -y --no-install-recommends prometheus; then
    apt_install update || true
    if ! apt_install install -y --no-install-recommends prometheus; then
      [ "$POLICY_CREATED" = 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d
      tail -n 20 "$LOGS/apt.log" >&2 || true
      die "apt-get install prometheus failed (the last lines of $LOGS/apt.log above)"
    fi
  fi
  [ "$POLICY_CREATED" = 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d
  [ -x "$PROMETHEUS_BIN" ] || die "prometheus not found at $PROMETHEUS_BIN after installing the package"
fi

for b in "$ETCD_BIN" "$APISERVER_BIN" "$KCM_BIN" "$SCHEDULER_BIN" "$KUBECTL" "$KWOK_BIN" "$METRICS_SERVER_BIN"; do
  [ -x "$b" ] || die "missing binary $b"
done

# --- PKI, identities, generated configuration --------------------------------------------------------------------
ensure_pki
save_ports

# write_if_changed FILE  (content on stdin) -> exit 0 when the file changed
write_if_changed() {
  local tmp="$1.tmp.$$"
  cat >"$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  mv "$tmp" "$1"
}

ETCD_DATA="$(etcd_data_dir)"
mkdir -p "$ETCD_DATA" && chmod 700 "$ETCD_DATA"

write_if_changed "$GEN/metrics-server-service.yaml" <<EOF || true
# metrics-server runs on the host: an ExternalName Service points the aggregation layer at 127.0.0.1.
apiVersion: v1
kind: Service
metadata:
  name: metrics-server
  namespace: kube-system
  labels:
    paved.dev/part-of: local-cluster
spec:
  type: ExternalName
  externalName: 127.0.0.1
  ports:
  - name: https
    port: $METRICS_SERVER_PORT
    protocol: TCP
EOF
write_if_changed "$GEN/metrics-apiservice.yaml" <<EOF || true
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1beta1.metrics.k8s.io
  labels:
    paved.dev/part-of: local-cluster
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  service:
    name: metrics-server
    namespace: kube-system
    port: $METRICS_SERVER_PORT
  caBundle: $(b64 "$PKI/ca.crt")
EOF
write_if_changed "$GEN/kwok-clusterlogs.yaml" <<EOF || true
# Logs of pods the simulator does not serve (no backstage.io/kubernetes-id label): a fixed note. The simulator
# registers a Logs object per labelled pod, which takes precedence.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: paved-fallback
  labels:
    paved.dev/part-of: local-cluster
spec:
  logs:
  - logsFile: $POD_LOG_DIR/_fallback.log
    follow: true
EOF
[ -s "$POD_LOG_DIR/_fallback.log" ] || printf '%s stdout F paved local cluster: this pod runs on a KWOK node and has no simulated log stream (only pods labelled backstage.io/kubernetes-id get one)\n' \
  "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" >"$POD_LOG_DIR/_fallback.log"

# port_in_use PORT -> a listener answers on 127.0.0.1:PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# launch NAME ARGS... -> starts the component unless it runs; refuses a port taken by something else
STARTED=()
launch() {
  local name="$1"
  shift
  if is_running "$name"; then
    local bin
    bin="$(component_bin "$name")"
    if [ "$(recorded_bin "$name")" = "$bin" ] && [ "$(recorded_fingerprint "$name")" = "$(fingerprint "$bin" "$@")" ]; then
      return 0
    fi
    log "restarting $name (binary or configuration changed)"
    stop_proc "$name"
  fi
  local port
  port="$(component_port "$name")"
  if port_in_use "$port"; then
    die "port $port (for $name) is in use by another process; stop it or choose another port with PAVED_$(component_port_var "$name")"
  fi
  if declare -F "prestart_${name//-/_}" >/dev/null; then "prestart_${name//-/_}"; fi
  start_proc "$name" "$(component_bin "$name")" "$@"
  STARTED+=("$name")
  log "started $name (pid $(pid_of "$name" || echo '?'), port $port)"
}

# await NAME TIMEOUT -> waits for the health endpoint; on failure shows the component's log
await() {
  local name="$1" timeout="$2" deadline
  deadline=$(($(date +%s) + timeout))
  until health "$name" 2>/dev/null; do
    if ! is_running "$name"; then
      warn "$name exited; last lines of $LOGS/$name.log:"
      tail -n 25 "$LOGS/$name.log" >&2
      exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      warn "$name not healthy after ${timeout}s; last lines of $LOGS/$name.log:"
      tail -n 25 "$LOGS/$name.log" >&2
      exit 1
    fi
    sleep 0.25
  done
}

# --- etcd -----------------------------------------------------------------------------------------------------------
launch etcd \
  --name=paved --data-dir="$ETCD_DATA" \
  --listen-client-urls="https://127.0.0.1:$ETCD_PORT" --advertise-client-urls="https://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster="paved=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state=new \
  --cert-file="$PKI/etcd-server.crt" --key-file="$PKI/etcd-server.key" \
  --client-cert-auth --trusted-ca-file="$PKI/etcd-ca.crt" \
  --unsafe-no-fsync --quota-backend-bytes=2147483648 --snapshot-count=10000 --log-level=warn
await etcd 20
log "etcd ready (data $ETCD_DATA)"

# --- kube-apiserver ---------------------------------------------------------------------------------------------------
launch kube-apiserver \
  --bind-address=127.0.0.1 --secure-port="$APISERVER_PORT" --advertise-address="$APISERVER_ADVERTISE_ADDRESS" \
  --etcd-servers="https://127.0.0.1:$ETCD_PORT" --etcd-cafile="$PKI/etcd-ca.crt" \
  --etcd-certfile="$PKI/apiserver-etcd-client.crt" --etcd-keyfile="$PKI/apiserver-etcd-client.key" \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" --token-auth-file="$PKI/tokens.csv" \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,ResourceQuota,ValidatingAdmissionPolicy \
  --allow-privileged=true \
  --service-cluster-ip-range="$SERVICE_CIDR" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$PKI/ca.crt" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --event-ttl=1h --profiling=false
await kube-apiserver 60
log "kube-apiserver ready at $API_URL"

# kubectl output goes to the log; shown on failure
KLOG="$LOGS/kubectl.log"
kapply() {
  printf '\n===== %s apply %s\n' "$(date -Is)" "$*" >>"$KLOG"
  local out
  if ! out="$(kc apply --server-side --force-conflicts --field-manager=paved-cluster "$@" 2>&1)"; then
    printf '%s\n' "$out" >>"$KLOG"
    printf '%s\n' "$out" | grep -v 'unable to retrieve the complete list\|couldn.t get resource list' >&2 || true
    return 1
  fi
  printf '%s\n' "$out" >>"$KLOG"
}

# --- cluster bootstrap: CRDs, RBAC, nodes ------------------------------------------------------------------------------
# every manifests/*.yaml except the nodes (created once, below)
bootstrap_files=()
for f in "$HERE"/manifests/*.yaml; do
  [ "$(basename "$f")" = nodes.yaml ] || bootstrap_files+=(-f "$f")
done
kapply "${bootstrap_files[@]}" -f "$GEN/metrics-server-service.yaml" || die "bootstrap apply failed (see $KLOG)"
NODE_NAMES=$(awk '/^kind: Node$/{f=1} f&&/^  name: /{print $2; f=0}' "$HERE/manifests/nodes.yaml")
missing_nodes() { local n; for n in $NODE_NAMES; do kc get node "$n" >/dev/null 2>&1 || echo "$n"; done; }
if [ -n "$(missing_nodes)" ]; then
  # a Node accepts .status on create: the capacity is part of the manifest (KWOK owns the status afterwards)
  kc create -f "$HERE/manifests/nodes.yaml" 2>&1 | grep -v AlreadyExists >>"$KLOG" || true
  [ -z "$(missing_nodes)" ] || die "creating nodes failed (see $KLOG)"
  log "created nodes $(echo $NODE_NAMES)"
fi
kc wait --for=condition=Established --timeout=20s crd/logs.kwok.x-k8s.io crd/clusterlogs.kwok.x-k8s.io >>"$KLOG" 2>&1 \
  || die "KWOK CRDs not established"
kapply -f "$GEN/kwok-clusterlogs.yaml" || die "ClusterLogs apply failed"
log "bootstrap manifests applied (CRDs, RBAC, nodes)"

# --- Paved's identity: the ServiceAccount of examples/rbac, with exactly that bundle's rights ----------------------------
# The bundle (Paved's ClusterRoles and bindings, the access tiers bound in environments) is what a real cluster
# applies; the Paved backend of this cluster authenticates with a token of its ServiceAccount (TokenRequest API),
# so every test and the local app run through it. The token is kept while it still authenticates as that
# ServiceAccount (a recreated cluster, or a token older than 300 days, gets a new one).
kapply -k "$(cd "$HERE/../.." && pwd)/examples/rbac" || die "examples/rbac apply failed (see $KLOG)"
PAVED_SA_NAMESPACE=paved-system
PAVED_SA=paved-backend
PAVED_IDENTITY="system:serviceaccount:$PAVED_SA_NAMESPACE:$PAVED_SA"
PAVED_TOKEN_FILE="$CLUSTER_DIR/backstage.token"
# token_identity TOKEN -> the user name the API server authenticates TOKEN as (empty when it does not)
token_identity() {
  "$KUBECTL" --kubeconfig=/dev/null --server="$API_URL" --certificate-authority="$PKI/ca.crt" --token="$1" \
    auth whoami -o jsonpath='{.status.userInfo.username}' 2>/dev/null || true
}
if [ ! -s "$PAVED_TOKEN_FILE" ] || [ -n "$(find "$PAVED_TOKEN_FILE" -mtime +300)" ] \
  || [ "$(token_identity "$(cat "$PAVED_TOKEN_FILE")")" != "$PAVED_IDENTITY" ]; then
  PAVED_TOKEN="$(kc create token "$PAVED_SA" -n "$PAVED_SA_NAMESPACE" --duration=8760h)" \
    || die "TokenRequest for $PAVED_IDENTITY failed"
  (umask 077 && printf '%s\n' "$PAVED_TOKEN" >"$PAVED_TOKEN_FILE.tmp" && mv "$PAVED_TOKEN_FILE.tmp" "$PAVED_TOKEN_FILE")
  log "issued a token of $PAVED_IDENTITY (Paved's identity, examples/rbac), valid for a year"
fi
write_kubeconfig "$CLUSTER_DIR/backstage.kubeconfig" paved-backend token "$(cat "$PAVED_TOKEN_FILE")"

# --- KWOK, controller manager, scheduler, metrics-server (started together) --------------------------------------------
KWOK_STAGES="$KWOK_DIR/stages"
# Node leases still held by a previous KWOK instance would keep a new one from managing the nodes (and their pods)
# until they expire (40 s). Nobody else manages these nodes: drop the leases before KWOK starts.
prestart_kwok() {
  local n
  for n in $NODE_NAMES; do
    kc delete lease -n kube-node-lease "$n" --ignore-not-found --wait=false >>"$KLOG" 2>&1 || true
  done
}
launch kwok \
  --kubeconfig="$GEN/kwok.kubeconfig" \
  -c "$HERE/kwok/kwok.yaml" \
  -c "$KWOK_STAGES/node/fast/node-initialize.yaml" \
  -c "$KWOK_STAGES/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
  -c "$KWOK_STAGES/pod/fast/pod-ready.yaml" \
  -c "$KWOK_STAGES/pod/fast/pod-complete.yaml" \
  -c "$KWOK_STAGES/pod/fast/pod-delete.yaml" \
  -c "$HERE/kwok/broken-pods.yaml" \
  -c "$HERE/kwok/metrics-resource.yaml" \
  -c "$HERE/kwok/resource-usage.yaml" \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=127.0.0.1 --node-port="$KWOK_PORT" --server-address="127.0.0.1:$KWOK_PORT" \
  --tls-cert-file="$PKI/kwok-serving.crt" --tls-private-key-file="$PKI/kwok-serving.key"

launch kube-controller-manager \
  --kubeconfig="$GEN/kube-controller-manager.kubeconfig" \
  --authentication-kubeconfig="$GEN/kube-controller-manager.kubeconfig" \
  --authorization-kubeconfig="$GEN/kube-controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
  --tls-cert-file="$PKI/kcm-serving.crt" --tls-private-key-file="$PKI/kcm-serving.key" \
  --leader-elect=false --cluster-name="$CLUSTER_LABEL" \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" --use-service-account-credentials=true \
  --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$SERVICE_CIDR" --profiling=false

launch kube-scheduler \
  --kubeconfig="$GEN/kube-scheduler.kubeconfig" \
  --authentication-kubeconfig="$GEN/kube-scheduler.kubeconfig" \
  --authorization-kubeconfig="$GEN/kube-scheduler.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" \
  --tls-cert-file="$PKI/scheduler-serving.crt" --tls-private-key-file="$PKI/scheduler-serving.key" \
  --leader-elect=false --profiling=false

launch metrics-server \
  --kubeconfig="$GEN/metrics-server.kubeconfig" \
  --authentication-kubeconfig="$GEN/metrics-server.kubeconfig" \
  --authorization-kubeconfig="$GEN/metrics-server.kubeconfig" \
  --bind-address=127.0.0.1 --secure-port="$METRICS_SERVER_PORT" \
  --tls-cert-file="$PKI/metrics-server-serving.crt" --tls-private-key-file="$PKI/metrics-server-serving.key" \
  --kubelet-insecure-tls --kubelet-use-node-status-port --kubelet-preferred-address-types=InternalIP \
  --metric-resolution=10s --kubelet-request-timeout=5s

await kwok 30
await kube-controller-manager 30
await kube-scheduler 30
await metrics-server 30
log "kwok, kube-controller-manager, kube-scheduler, metrics-server running"

# nodes Ready (KWOK renews their leases and status)
nodes_ready() {
  local want got
  want="$(kc get nodes -l type=kwok -o name | wc -l)"
  got="$(kc get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)"
  [ "$want" -gt 0 ] && [ "$got" = "$want" ]
}
wait_until 30 nodes nodes_ready || die "KWOK nodes not Ready (see $LOGS/kwok.log)"

kapply -f "$GEN/metrics-apiservice.yaml" || die "APIService apply failed"
wait_until 30 apiservice kc wait --for=condition=Available --timeout=5s apiservice/v1beta1.metrics.k8s.io \
  || die "APIService v1beta1.metrics.k8s.io not Available (see $LOGS/metrics-server.log)"
log "nodes Ready, metrics API available"

# --- demo state ------------------------------------------------------------------------------------------------------
DEMO="$HERE/demo"
kapply -f "$DEMO/00-namespaces.yaml" || die "demo namespaces failed"
DEMO_NAMESPACES=$(awk '/^kind: Namespace$/{f=1} f&&/^  name: /{print $2; f=0}' "$DEMO/00-namespaces.yaml")
# pods can only be admitted once the namespace's default ServiceAccount exists
for ns in $DEMO_NAMESPACES; do
  wait_until 30 "sa $ns" kc get serviceaccount default -n "$ns" || die "no default ServiceAccount in $ns"
done
demo_files=()
for f in "$DEMO"/*.yaml; do
  [ "$(basename "$f")" = 00-namespaces.yaml ] || demo_files+=(-f "$f")
done
# a RoleBinding's roleRef cannot change in place; reconcile recreates the demo bindings whose role changed
kc auth reconcile -f "$DEMO/20-rbac.yaml" >>"$KLOG" 2>&1 || die "demo role bindings failed (see $KLOG)"
kapply "${demo_files[@]}" || die "demo apply failed (see $KLOG)"
# The demo Deployments must be Available. A control plane that was paused (a laptop's sleep) or stopped can leave
# pods behind that hold one back on a Ready node although nothing will change them any more; they are repaired
# (deleted, so that their ReplicaSet recreates them) instead of failing the run. Pods that simulate a failure
# (paved.dev/simulate, kwok/broken-pods.yaml) and Job pods are never touched.
# demo_available NS TIMEOUT -> every Deployment of NS is Available within TIMEOUT seconds
demo_available() { kc wait --for=condition=Available --timeout="$2s" deployment --all -n "$1" >>"$KLOG" 2>&1; }
# stale_pods NS -> "name|force|why" per pod of NS on a Ready node that is either Running but not Ready for over
# 30 s (the node lifecycle controller marks the pods of a node whose lease went stale not ready; KWOK's
# paved-pod-ready-again stage, kwok/kwok.yaml, reports them Ready again within seconds) or terminating for over
# 60 s (KWOK's pod-delete stage removes a deleted pod at once)
stale_pods() {
  local ready_nodes now name node phase deleting simulate ready since owner t
  ready_nodes=" $(kc get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' \
    | awk -F'|' '$2 == "True" {printf "%s ", $1}') "
  now=$(date +%s)
  kc get pods -n "$1" -o jsonpath='{range .items[*]}{.metadata.name}{"|"}{.spec.nodeName}{"|"}{.status.phase}{"|"}{.metadata.deletionTimestamp}{"|"}{.metadata.annotations.paved\.dev/simulate}{"|"}{.status.conditions[?(@.type=="Ready")].status}{"|"}{.status.conditions[?(@.type=="Ready")].lastTransitionTime}{"|"}{.metadata.ownerReferences[?(@.controller==true)].kind}{"\n"}{end}' \
    | while IFS='|' read -r name node phase deleting simulate ready since owner; do
      [ -n "$name" ] && [ -n "$node" ] && [[ "$ready_nodes" == *" $node "* ]] || continue
      [ -z "$simulate" ] && [ "$owner" != Job ] || continue
      if [ -n "$deleting" ]; then
        t=$(date -d "$deleting" +%s 2>/dev/null) || continue
        [ $((now - t)) -le 60 ] || echo "$name|force|terminating since $deleting"
      elif [ "$phase" = Running ] && [ "$ready" != True ] && [ -n "$owner" ]; then
        t=$(date -d "${since:-@0}" +%s 2>/dev/null) || continue
        [ $((now - t)) -le 30 ] || echo "$name|delete|Running, not Ready since ${since:-ever} on Ready node $node"
      fi
    done
  return 0
}
# repair_demo NS -> deletes the stale pods of NS (logging each); non-zero when there were none
repair_demo() {
  local stale name how why
  stale="$(stale_pods "$1")"
  [ -n "$stale" ] || return 1
  while IFS='|' read -r name how why; do
    log "repairing $1: deleting pod $name ($why); its controller creates a new one"
    if [ "$how" = force ]; then
      kc delete pod -n "$1" "$name" --grace-period=0 --force --wait=false >>"$KLOG" 2>&1 || true
    else
      kc delete pod -n "$1" "$name" --wait=false >>"$KLOG" 2>&1 || true
    fi
  done <<<"$stale"
}
# all namespaces get 30 s together, then the ones still waiting are repaired and get 90 s more
DEMO_DEADLINE=$(($(date +%s) + 30))
DEMO_WAITING=()
for ns in $DEMO_NAMESPACES; do
  demo_available "$ns" "$(( DEMO_DEADLINE > $(date +%s) ? DEMO_DEADLINE - $(date +%s) : 1 ))" || DEMO_WAITING+=("$ns")
done
for ns in "${DEMO_WAITING[@]}"; do
  repair_demo "$ns" || log "deployments in $ns not available yet; nothing stale to repair, waiting longer"
done
for ns in "${DEMO_WAITING[@]}"; do
  demo_available "$ns" 90 || die "deployments in $ns not available: $(kc get deployments -n "$ns" --no-headers \
    | awk '{split($2, r, "/")} r[1] != r[2] {printf "%s %s ready; ", $1, $2}')see kubectl get pods -n $ns -o wide (and $LOGS/kwok.log, $LOGS/kube-controller-manager.log)"
done
# --- storage ---------------------------------------------------------------------------------------------------------
# No volume provisioner runs here, so a default StorageClass is backed by a pool of pre-made volumes that the
# controller manager binds claims to. Released volumes are deleted and the pool topped up on every up.
PV_POOL="${PAVED_PV_POOL:-24}"
kapply -f "$HERE/storage/storageclass.yaml" || die "StorageClass apply failed"
released=$(kc get pv -l paved.dev/pool=local -o jsonpath='{range .items[?(@.status.phase=="Released")]}{.metadata.name}{"\n"}{end}')
[ -n "$released" ] && echo "$released" | xargs -r "$KUBECTL" --kubeconfig "$CLUSTER_DIR/admin.kubeconfig" delete pv --wait=false >>"$KLOG" 2>&1
available=$(kc get pv -l paved.dev/pool=local -o jsonpath='{range .items[?(@.status.phase=="Available")]}{.metadata.name}{"\n"}{end}' | grep -c . || true)
missing=$(( PV_POOL - available ))
if [ "$missing" -gt 0 ]; then
  for _ in $(seq "$missing"); do
    id="$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
    sed "s/NAME/paved-pv-$id/g" "$HERE/storage/volume.yaml"
    echo "---"
  done | kc create -f - >>"$KLOG" 2>&1 || die "volume pool top-up failed (see $KLOG)"
  log "volume pool topped up with $missing volume(s)"
fi
log "demo state applied; $(kc get pods -A -l backstage.io/kubernetes-id --field-selector=status.phase=Running --no-headers | wc -l) demo pods Running"

# --- simulator ---------------------------------------------------------------------------------------------------------
launch sim \
  -apiserver="$API_URL" -ca="$PKI/ca.crt" -cert="$PKI/sim.crt" -key="$PKI/sim.key" \
  -listen="127.0.0.1:$SIM_PORT" -log-dir="$POD_LOG_DIR" -otlp-endpoint="http://127.0.0.1:$JAEGER_OTLP_PORT"
await sim 20

# --- Prometheus --------------------------------------------------------------------------------------------------------
PROM_DIR="$CLUSTER_DIR/prometheus"
mkdir -p "$PROM_DIR/data"
PROM_CHANGED=0
write_if_changed "$PROM_DIR/prometheus.yml" <<EOF && PROM_CHANGED=1 || true
# Generated by tools/cluster/up.sh
global:
  scrape_interval: 15s
  scrape_timeout: 10s
  evaluation_interval: 15s
  external_labels:
    cluster: $CLUSTER_LABEL
scrape_configs:
  # demo traffic (http_requests_total, http_request_duration_seconds) and kube-state-metrics style series
  - job_name: paved-sim
    honor_labels: true
    static_configs:
      - targets: ['127.0.0.1:$SIM_PORT']
  # simulated kubelet resource metrics of each KWOK node (container_cpu_usage_seconds_total,
  # container_memory_working_set_bytes, ...), discovered through KWOK's Prometheus service discovery
  - job_name: kubelet-resource
    honor_labels: true
    http_sd_configs:
      - url: http://127.0.0.1:$KWOK_PORT/discovery/prometheus
        refresh_interval: 15s
    relabel_configs:
      - source_labels: [__metrics_path__]
        regex: /metrics/nodes/([^/]+)/.*
        target_label: node
      - source_labels: [__metrics_path__]
        regex: /metrics/nodes/([^/]+)/.*
        target_label: instance
  - job_name: kube-apiserver
    scheme: https
    tls_config:
      ca_file: $PKI/ca.crt
      cert_file: $PKI/prometheus.crt
      key_file: $PKI/prometheus.key
    static_configs:
      - targets: ['127.0.0.1:$APISERVER_PORT']
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: apiserver_request_total|apiserver_storage_objects|apiserver_current_inflight_requests|apiserver_admission_webhook_rejection_count|apiserver_admission_controller_admission_duration_seconds_count
        action: keep
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:$PROMETHEUS_PORT']
EOF
if is_running prometheus && [ "$PROM_CHANGED" = 1 ]; then
  curl -fsS -X POST "http://127.0.0.1:$PROMETHEUS_PORT/-/reload" >/dev/null && log "prometheus configuration reloaded"
fi
launch prometheus \
  --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$PROM_DIR/data" \
  --storage.tsdb.retention.time=31d --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
  --web.enable-lifecycle --log.level=warn
await prometheus 30

# --- Jaeger (traces) ---------------------------------------------------------------------------------------------------
# Jaeger v2 keeps the simulator's traces in memory (the newest 50,000) and answers Jaeger's query API. Its build
# (build-jaeger.sh) is not waited for: when the binary is not cached yet, it is built in the background, which then
# runs this script again to start it; meanwhile the simulator's traces are dropped.
JAEGER_LOCK="$(dirname "$(dirname "$JAEGER_BIN")")/.build.lock"
write_if_changed "$GEN/jaeger.yaml" <<EOF || true
# Generated by tools/cluster/up.sh
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:$JAEGER_PORT
    grpc:
      endpoint: 127.0.0.1:$JAEGER_GRPC_PORT
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 50000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:$JAEGER_OTLP_PORT
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
EOF
JAEGER_STATE=running
if [ -x "$JAEGER_BIN" ]; then
  launch jaeger --config="$GEN/jaeger.yaml"
  await jaeger 30
elif [ ! -e "$JAEGER_LOCK" ] || flock -n "$JAEGER_LOCK" true; then
  log "Jaeger (traces) is not built yet: building it in the background; it starts when built (log: $LOGS/jaeger-build.log)"
  setsid bash "$HERE/build-jaeger.sh" then-up ${CLUSTER_NAME:+--name "$CLUSTER_NAME"} \
    </dev/null >>"$LOGS/jaeger-build.log" 2>&1 8>&- 9>&- &
  JAEGER_STATE=building
else
  log "Jaeger (traces) is being built by another run; the next tools/cluster/up.sh starts it"
  JAEGER_STATE=building
fi

# --- Flux (GitOps delivery) -----------------------------------------------------------------------------------------------
# source-controller fetches the GitRepository objects' commits and serves them as artifacts on 127.0.0.1;
# kustomize-controller builds and applies each Kustomization's path, only as the ServiceAccount it names
# (--default-service-account: one naming none applies nothing). They run in the default cluster only; like Jaeger's,
# their build (build-flux.sh) is not waited for: when not cached yet it runs in the background and then runs this
# script again to start them.
FLUX_STATE=off
if flux_runs_here; then
  FLUX_LOCK="$(dirname "$FLUX_DIR")/.build.lock"
  if [ -x "$FLUX_SOURCE_BIN" ] && [ -x "$FLUX_KUSTOMIZE_BIN" ]; then
    kapply -f "$FLUX_DIR/crds" || die "Flux CRDs apply failed (see $KLOG)"
    mkdir -p "$CLUSTER_DIR/flux/storage"
    # controller-runtime reads the kubeconfig from the environment (the controllers have no --kubeconfig flag)
    export KUBECONFIG="$GEN/flux.kubeconfig"
    launch source-controller \
      --storage-path="$CLUSTER_DIR/flux/storage" \
      --storage-addr="127.0.0.1:$FLUX_STORAGE_PORT" --storage-adv-addr="127.0.0.1:$FLUX_STORAGE_PORT" \
      --health-addr="127.0.0.1:$FLUX_SOURCE_PORT" --metrics-addr=0 --concurrent=4 --log-level=info
    launch kustomize-controller \
      --health-addr="127.0.0.1:$FLUX_KUSTOMIZE_PORT" --metrics-addr=0 \
      --default-service-account=paved-gitops --no-cross-namespace-refs=true --no-remote-bases=true \
      --concurrent=4 --log-level=info
    unset KUBECONFIG
    await source-controller 60
    await kustomize-controller 60
    FLUX_STATE=running
  elif [ ! -e "$FLUX_LOCK" ] || flock -n "$FLUX_LOCK" true; then
    log "Flux (GitOps) is not built yet: building it in the background; it starts when built (log: $LOGS/flux-build.log)"
    setsid bash "$HERE/build-flux.sh" then-up </dev/null >>"$LOGS/flux-build.log" 2>&1 8>&- 9>&- &
    FLUX_STATE=building
  else
    log "Flux (GitOps) is being built by another run; the next tools/cluster/up.sh starts it"
    FLUX_STATE=building
  fi
fi

# --- environment for tests and the Backstage app ------------------------------------------------------------------------
ENV_KEYS=(PAVED_CLUSTER_NAME PAVED_CLUSTER_DIR PAVED_KUBE_API PAVED_KUBE_CA PAVED_KUBE_ADMIN_KUBECONFIG PAVED_KUBECTL
  PAVED_BACKSTAGE_KUBECONFIG PAVED_BACKSTAGE_TOKEN PAVED_BACKSTAGE_READER_KUBECONFIG PAVED_BACKSTAGE_READER_TOKEN
  PAVED_TOKEN_ALICE PAVED_TOKEN_BOB PAVED_TOKEN_CAROL PAVED_TOKEN_DAVE PAVED_TOKEN_ERIN PAVED_USER_KUBECONFIG_DIR
  PAVED_PROMETHEUS_URL PAVED_METRICS_SERVER_URL PAVED_KWOK_URL PAVED_KWOK_LOG_DIR PAVED_SIM_METRICS_URL
  PAVED_DEMO_NAMESPACES PAVED_KWOK_NODES PAVED_JAEGER_URL PAVED_OTLP_ENDPOINT)
declare -A ENVV=(
  [PAVED_CLUSTER_NAME]="$CLUSTER_LABEL"
  [PAVED_CLUSTER_DIR]="$CLUSTER_DIR"
  [PAVED_KUBE_API]="$API_URL"
  [PAVED_KUBE_CA]="$PKI/ca.crt"
  [PAVED_KUBE_ADMIN_KUBECONFIG]="$CLUSTER_DIR/admin.kubeconfig"
  [PAVED_KUBECTL]="$KUBECTL"
  [PAVED_BACKSTAGE_KUBECONFIG]="$CLUSTER_DIR/backstage.kubeconfig"
  [PAVED_BACKSTAGE_TOKEN]="$(cat "$PAVED_TOKEN_FILE")"
  [PAVED_BACKSTAGE_READER_KUBECONFIG]="$CLUSTER_DIR/backstage-reader.kubeconfig"
  [PAVED_BACKSTAGE_READER_TOKEN]="$(token_of backstage-reader)"
  [PAVED_TOKEN_ALICE]="$(token_of alice)"
  [PAVED_TOKEN_BOB]="$(token_of bob)"
  [PAVED_TOKEN_CAROL]="$(token_of carol)"
  [PAVED_TOKEN_DAVE]="$(token_of dave)"
  [PAVED_TOKEN_ERIN]="$(token_of erin)"
  [PAVED_USER_KUBECONFIG_DIR]="$CLUSTER_DIR/users"
  [PAVED_PROMETHEUS_URL]="http://127.0.0.1:$PROMETHEUS_PORT"
  [PAVED_METRICS_SERVER_URL]="https://127.0.0.1:$METRICS_SERVER_PORT"
  [PAVED_KWOK_URL]="http://127.0.0.1:$KWOK_PORT"
  [PAVED_KWOK_LOG_DIR]="$POD_LOG_DIR"
  [PAVED_SIM_METRICS_URL]="http://127.0.0.1:$SIM_PORT/metrics"
  [PAVED_JAEGER_URL]="http://127.0.0.1:$JAEGER_PORT"
  [PAVED_OTLP_ENDPOINT]="http://127.0.0.1:$JAEGER_OTLP_PORT"
  [PAVED_DEMO_NAMESPACES]="$(echo $DEMO_NAMESPACES | tr ' ' ',')"
  [PAVED_KWOK_NODES]="$(kc get nodes -l type=kwok -o jsonpath='{.items[*].metadata.name}' | tr ' ' ',')"
)
json_str() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
{
  echo "# Generated by tools/cluster/up.sh — source it: set -a; . .cluster/env; set +a"
  for k in "${ENV_KEYS[@]}"; do printf "%s='%s'\n" "$k" "${ENVV[$k]}"; done
} | (umask 077 && write_if_changed "$CLUSTER_DIR/env") || true
{
  echo "{"
  for i in "${!ENV_KEYS[@]}"; do
    k="${ENV_KEYS[$i]}"
    sep=","
    [ "$i" = $((${#ENV_KEYS[@]} - 1)) ] && sep=""
    printf '  %s: %s%s\n' "$(json_str "$k")" "$(json_str "${ENVV[$k]}")" "$sep"
  done
  echo "}"
} | (umask 077 && write_if_changed "$CLUSTER_DIR/env.json") || true

if [ "${#STARTED[@]}" -eq 0 ]; then
  log "cluster already up; nothing started ($(elapsed))"
else
  log "cluster up in $(elapsed); started: ${STARTED[*]}"
fi
log "kubectl: export KUBECONFIG=$CLUSTER_DIR/admin.kubeconfig; $KUBECTL get pods -A"
log "env: $CLUSTER_DIR/env (and env.json); Prometheus http://127.0.0.1:$PROMETHEUS_PORT; Jaeger http://127.0.0.1:$JAEGER_PORT ($JAEGER_STATE)$(flux_runs_here && echo "; Flux $FLUX_STATE")"
