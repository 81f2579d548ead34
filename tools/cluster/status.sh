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
# components built in the background the first time (Jaeger, Flux) are listed as building until they are built;
# Flux's controllers run in the default cluster only
HIDDEN=()
[ -x "$JAEGER_BIN" ] || HIDDEN+=(jaeger)
if ! flux_runs_here || [ ! -x "$FLUX_SOURCE_BIN" ] || [ ! -x "$FLUX_KUSTOMIZE_BIN" ]; then
  HIDDEN+=("${FLUX_COMPONENTS[@]}")
fi
mapfile -t SHOWN < <(printf '%s\n' "${COMPONENTS[@]}" | grep -vxF -f <(printf '%s\n' "${HIDDEN[@]}" ''))
print_component_states SHOWN component_port health || rc=1
if [ ! -x "$JAEGER_BIN" ]; then
  printf '%-24s %-8s %-8s %-6s %s\n' jaeger building - "$JAEGER_PORT" \
    "not built yet (tools/cluster/build-jaeger.sh; log $LOGS/jaeger-build.log); starts when built"
fi
if flux_runs_here && { [ ! -x "$FLUX_SOURCE_BIN" ] || [ ! -x "$FLUX_KUSTOMIZE_BIN" ]; }; then
  for name in "${FLUX_COMPONENTS[@]}"; do
    printf '%-24s %-8s %-8s %-6s %s\n' "$name" building - "$(component_port "$name")" \
      "not built yet (tools/cluster/build-flux.sh; log $LOGS/flux-build.log); starts when built"
  done
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
