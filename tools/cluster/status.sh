#!/usr/bin/env bash
# Prints each component's state (running/stopped, pid, port, health). Exits non-zero if any component is down.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

select_cluster "$@"
load_ports
[ -f "$PKI/ca.crt" ] || { echo "no cluster state in $CLUSTER_DIR (run tools/cluster/up.sh)"; exit 1; }
rc=0
load_bin_dirs
SHOWN=("${COMPONENTS[@]}")
if [ ! -x "$JAEGER_BIN" ]; then
  # Jaeger is built in the background the first time (build-jaeger.sh); until then the cluster is up without it
  SHOWN=("${COMPONENTS[@]/jaeger/}")
  mapfile -t SHOWN < <(printf '%s\n' "${SHOWN[@]}" | grep -v '^$')
fi
print_component_states SHOWN component_port health || rc=1
if [ ! -x "$JAEGER_BIN" ]; then
  printf '%-24s %-8s %-8s %-6s %s\n' jaeger building - "$JAEGER_PORT" \
    "not built yet (tools/cluster/build-jaeger.sh; log $LOGS/jaeger-build.log); starts when built"
fi
if [ "$rc" = 0 ]; then
  avail="$(kc get apiservice v1beta1.metrics.k8s.io -o jsonpath='{.status.conditions[?(@.type=="Available")].status}' 2>/dev/null)"
  nodes="$(kc get nodes --no-headers 2>/dev/null | awk '$2=="Ready"' | wc -l)"
  pods="$(kc get pods -A -l backstage.io/kubernetes-id --field-selector=status.phase=Running --no-headers 2>/dev/null | wc -l)"
  printf '\nmetrics API available: %s, nodes Ready: %s, demo pods Running: %s\n' "${avail:-unknown}" "$nodes" "$pods"
  [ "$avail" = True ] || rc=1
fi
if [ -z "$CLUSTER_NAME" ] && [ -d "$CLUSTER_DIR/git" ]; then
  # the local git host (tools/git) runs beside the default cluster; its own status.sh tells its state
  printf '\ngit host (tools/git/status.sh):\n'
  bash "$HERE/../git/status.sh" || rc=1
fi
exit "$rc"
