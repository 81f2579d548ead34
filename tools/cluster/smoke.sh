#!/usr/bin/env bash
# Self-check of a running local cluster: prints PASS/FAIL per check, exits non-zero if any check fails.
# Checks that depend on scrapes (kubectl top, Prometheus) retry for a while after a fresh start.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

select_cluster "$@"
[ -f "$CLUSTER_DIR/env" ] || die "no $CLUSTER_DIR/env; run tools/cluster/up.sh first"
set -a
# shellcheck disable=SC1091
source "$CLUSTER_DIR/env"
set +a
KUBECTL="$PAVED_KUBECTL"
[ -x "$KUBECTL" ] || die "kubectl not found at $KUBECTL"

PASSED=0
FAILED=0
DETAIL=""
pass() { printf 'PASS  %s\n' "$1"; PASSED=$((PASSED + 1)); }
fail() { printf 'FAIL  %s\n' "$1"; [ -n "$DETAIL" ] && printf '%s\n' "$DETAIL" | head -n 8 | sed 's/^/      /'; FAILED=$((FAILED + 1)); }
# check NAME FUNCTION -> the function sets DETAIL on failure
check() { DETAIL=""; if "$2"; then pass "$1"; else fail "$1"; fi; }

admin() { "$KUBECTL" --kubeconfig "$PAVED_KUBE_ADMIN_KUBECONFIG" "$@"; }
as_user() { local u="$1"; shift; "$KUBECTL" --kubeconfig "$PAVED_USER_KUBECONFIG_DIR/$u.kubeconfig" "$@"; }
backstage() { "$KUBECTL" --kubeconfig "$PAVED_BACKSTAGE_KUBECONFIG" "$@"; }
reader() { "$KUBECTL" --kubeconfig "$PAVED_BACKSTAGE_READER_KUBECONFIG" "$@"; }
# expect_forbidden OUTPUT-OF-A-FAILED-COMMAND
is_forbidden() { grep -q 'Forbidden\|forbidden' <<<"$1"; }
# retry SECONDS FUNCTION
retry() { local deadline=$(($(date +%s) + $1)); until "$2"; do [ "$(date +%s)" -ge "$deadline" ] && return 1; sleep 3; done; }

DEMO_NS=${PAVED_DEMO_NAMESPACES//,/ }
POD="$(admin get pods -n checkout-dev -l app.kubernetes.io/name=checkout-api --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)"

c_components() { DETAIL="$(bash "$HERE/status.sh" 2>&1)"; }

c_nodes() {
  local out
  out="$(admin get nodes -l type=kwok -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.annotations.kwok\.x-k8s\.io/node} {.status.conditions[?(@.type=="Ready")].status} {.status.addresses[?(@.type=="InternalIP")].address} {.status.daemonEndpoints.kubeletEndpoint.Port}{"\n"}{end}')"
  DETAIL="$out"
  [ "$(grep -c " fake True 127.0.0.1 " <<<"$out")" -ge 3 ]
}

c_pods() {
  local ns out bad=0 total=0 nodes
  nodes="$(admin get nodes -o jsonpath='{range .items[?(@.metadata.annotations.kwok\.x-k8s\.io/node=="fake")]}{.metadata.name}{"\n"}{end}')"
  DETAIL=""
  for ns in $DEMO_NS; do
    out="$(admin get pods -n "$ns" -l backstage.io/kubernetes-id -o jsonpath='{range .items[*]}{.metadata.name} {.status.phase} {.spec.nodeName}{"\n"}{end}')"
    while read -r name phase node; do
      [ -n "$name" ] || continue
      total=$((total + 1))
      if [ "$phase" != Running ] || ! grep -qx "$node" <<<"$nodes"; then
        bad=$((bad + 1))
        DETAIL+="$ns/$name $phase on '$node'"$'\n'
      fi
    done <<<"$out"
  done
  DETAIL+="$total demo pods, $bad not Running on a KWOK node"
  [ "$total" -ge 10 ] && [ "$bad" = 0 ]
}

c_logs() {
  local out
  out="$(admin logs -n checkout-dev "$POD" --tail=20 2>&1)"
  DETAIL="$(tail -n 3 <<<"$out")"
  [ "$(grep -c '"level":' <<<"$out")" -ge 1 ]
}

c_logs_follow() {
  local out
  out="$(timeout 12 "$KUBECTL" --kubeconfig "$PAVED_KUBE_ADMIN_KUBECONFIG" logs -f --tail=0 -n checkout-dev "$POD" 2>&1 | head -n 1)"
  DETAIL="no line within 12 s: $out"
  grep -q '"level":' <<<"$out"
}

c_top() {
  local out
  out="$(admin top pods -n checkout-dev --no-headers 2>&1)"
  DETAIL="$out"
  grep -q "$POD" <<<"$out" && grep -qE 'm +[0-9]+Mi' <<<"$out"
}

prom_query() {
  curl -fsS --max-time 5 "$PAVED_PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1" 2>&1
}
c_prom_rate() {
  local out svc
  out="$(prom_query 'sum by (service) (rate(http_requests_total[1m]))')"
  DETAIL="$out"
  for svc in checkout-api checkout-worker search-api; do
    grep -q "\"service\":\"$svc\"" <<<"$out" || return 1
  done
}
c_prom_usage() {
  local out
  out="$(prom_query 'sum by (namespace) (rate(container_cpu_usage_seconds_total{namespace="checkout-dev"}[1m])) and on (namespace) sum by (namespace) (kube_pod_container_resource_requests{namespace="checkout-dev",resource="cpu"})')"
  DETAIL="$out"
  grep -q '"namespace":"checkout-dev"' <<<"$out"
}

c_privileged() {
  local out
  out="$(admin apply --dry-run=server -f - 2>&1 <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: smoke-privileged
  namespace: checkout-dev
spec:
  containers:
  - name: shell
    image: registry.paved.local/busybox:1.36
    securityContext:
      privileged: true
EOF
)"
  DETAIL="$out"
  grep -q 'violates PodSecurity' <<<"$out"
}

c_quota() {
  local out
  out="$(admin apply --dry-run=server -f - 2>&1 <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: smoke-quota
  namespace: checkout-dev
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: big
    image: registry.paved.local/busybox:1.36
    resources:
      requests: {cpu: 3900m, memory: 64Mi}
      limits: {cpu: 3900m, memory: 64Mi}
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: [ALL]
EOF
)"
  DETAIL="$out"
  grep -q 'exceeded quota' <<<"$out"
}

c_bob_own() { DETAIL="$(as_user bob get pods -n checkout-dev 2>&1)"; [ $? = 0 ] && ! is_forbidden "$DETAIL"; }
c_bob_other() { DETAIL="$(as_user bob get pods -n search-dev 2>&1)"; is_forbidden "$DETAIL"; }
c_imp_own() {
  DETAIL="$(backstage --as=user:default/bob --as-group=group:default/team-checkout get pods -n checkout-dev 2>&1)"
  [ $? = 0 ] && ! is_forbidden "$DETAIL"
}
c_imp_other() {
  DETAIL="$(backstage --as=user:default/bob --as-group=group:default/team-checkout get pods -n search-dev 2>&1)"
  is_forbidden "$DETAIL"
}
c_backstage_plain() { DETAIL="$(backstage get pods -n checkout-dev 2>&1)"; is_forbidden "$DETAIL"; }
c_reader() {
  local list del
  list="$(reader get pods -A --no-headers 2>&1)"
  del="$(reader auth can-i delete pods -n checkout-dev 2>&1)"
  DETAIL="list: $(head -n 2 <<<"$list")"$'\n'"can-i delete: $del"
  [ "$(grep -c Running <<<"$list")" -ge 10 ] && [ "$del" = no ]
}
c_lead() {
  local a b
  a="$(as_user alice auth can-i create rolebindings -n checkout-production 2>&1)"
  b="$(as_user bob auth can-i create rolebindings -n checkout-production 2>&1)"
  DETAIL="alice: $a, bob: $b"
  [ "$a" = yes ] && [ "$b" = no ]
}
c_admin() {
  local e b
  e="$(as_user erin auth can-i '*' '*' -A 2>&1)"
  b="$(as_user bob auth can-i get nodes 2>/dev/null)"
  DETAIL="erin '*': $e, bob get nodes: $b"
  [ "$e" = yes ] && [ "$b" = no ]
}

retry_top() { retry 60 c_top; }
retry_prom_rate() { retry 120 c_prom_rate; }
retry_prom_usage() { retry 120 c_prom_usage; }

check "all components running and healthy (status.sh)" c_components
check "3 KWOK nodes Ready at 127.0.0.1 with a kubelet port" c_nodes
check "demo pods Running on KWOK nodes" c_pods
[ -n "$POD" ] || POD="$(admin get pods -n checkout-dev -l app.kubernetes.io/name=checkout-api -o jsonpath='{.items[0].metadata.name}' 2>/dev/null)"
check "kubectl logs returns application lines ($POD)" c_logs
check "kubectl logs -f streams a new line within ~10 s" c_logs_follow
check "kubectl top pods -n checkout-dev (metrics.k8s.io)" "retry_top"
check "Prometheus: sum by (service) (rate(http_requests_total[1m])) has the demo services" "retry_prom_rate"
check "Prometheus: container CPU usage and requests for checkout-dev" "retry_prom_usage"
check "privileged pod rejected in a restricted namespace" c_privileged
check "ResourceQuota enforced (pod beyond the quota rejected)" c_quota
check "bob (team-checkout) lists pods in checkout-dev" c_bob_own
check "bob (team-checkout) is forbidden in search-dev" c_bob_other
check "backstage impersonating bob lists pods in checkout-dev" c_imp_own
check "backstage impersonating bob is forbidden in search-dev" c_imp_other
check "backstage token alone cannot list pods" c_backstage_plain
check "backstage-reader lists pods cluster-wide and cannot delete" c_reader
check "alice (team lead) may manage RoleBindings, bob may not" c_lead
check "erin (platform admin) is cluster-admin, bob cannot read nodes" c_admin

printf '\n%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" = 0 ]
