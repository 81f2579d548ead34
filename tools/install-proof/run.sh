#!/usr/bin/env bash
# The install proof: Paved's packed packages installed into pristine Backstage apps made by
# @backstage/create-app, following each package README's Install section literally (readmeSteps.mjs), then
# type-checked, built, started against the local cluster and checked in a browser.
#
#   run.sh prepare   create (or reuse) the pristine apps, cached under $PAVED_CACHE/install-proof
#   run.sh pack      build and pack every Paved package into test-results/install-proof/tarballs
#   run.sh check     install the packed packages into each app (reset to pristine first) and check it
#   run.sh all       pack, then check
#   run.sh reports   the paths of the browser checks' JSON reports
#
# Apps (PAVED_PROOF_APPS, default all four): <resolution>-<frontend>, where resolution is
#   fresh   the app's ranges resolved as a create-app resolves them today
#   pinned  the app resolved as on the day of the Backstage release this repository pins (backstage.json)
# and frontend is `new` (the create-app default, new frontend system) or `legacy` (create-app --legacy).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
PROOF_DIR="$PAVED_ROOT/tools/install-proof"
CACHE="$PAVED_CACHE/install-proof"
CREATE_APP_VERSION="$(node -p "require('$PROOF_DIR/versions.json').createApp")"
APPS="${PAVED_PROOF_APPS:-fresh-new pinned-legacy fresh-legacy pinned-new}"
OUT="$PAVED_ROOT/test-results/install-proof"
mkdir -p "$CACHE" "$OUT"

log() { say "install proof: $*"; }

# The apps' lockfiles change by design (Paved is added to them); Yarn would refuse that under CI.
export YARN_ENABLE_IMMUTABLE_INSTALLS=false

# The create-app CLI itself, from the registry, cached by version.
ensure_create_app() {
  local dir="$CACHE/create-app-$CREATE_APP_VERSION"
  [ -x "$dir/bin/backstage-create-app" ] && { echo "$dir"; return; }
  npm_pack_into "@backstage/create-app@$CREATE_APP_VERSION" "$dir.tmp" >&2
  node "$PROOF_DIR/prepareApp.mjs" create-app-deps "$dir.tmp/package.json"
  (cd "$dir.tmp" && npm install --omit=dev --no-audit --no-fund --ignore-scripts >&2)
  mv "$dir.tmp" "$dir"
  echo "$dir"
}

# A pristine app, scaffolded and installed once per key, committed as the `pristine` tag.
ensure_app() {
  local name="$1" resolution="${1%-*}" frontend="${1#*-}"
  local key
  key="$(node "$PROOF_DIR/prepareApp.mjs" key "$resolution" "$frontend")"
  local dir="$CACHE/apps/$name-$key"
  if [ -f "$dir/.pristine-ready" ]; then echo "$dir"; return; fi
  local cli
  cli="$(ensure_create_app)"
  log "$name: scaffolding with @backstage/create-app@$CREATE_APP_VERSION ($frontend frontend, $resolution resolution)" >&2
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")"
  local flags=(--skip-install --path "$dir")
  [ "$frontend" = legacy ] && flags+=(--legacy)
  (cd "$(dirname "$dir")" && BACKSTAGE_APP_NAME=pristine node "$cli/bin/backstage-create-app" "${flags[@]}" >&2)
  node "$PROOF_DIR/prepareApp.mjs" machine "$dir" "$resolution"
  log "$name: installing the pristine app's dependencies" >&2
  (cd "$dir" && yarn install >"$dir.install.log" 2>&1) || { tail -40 "$dir.install.log" >&2; return 1; }
  (cd "$dir" && git init -q 2>/dev/null; git add -A && git -c user.name=proof -c user.email=proof@localhost commit -qm pristine && git tag -f pristine >/dev/null)
  touch "$dir/.pristine-ready"
  echo "$dir"
}

# Build and pack every Paved package once; the tarballs stand in for the registry.
pack_paved() {
  log "building and packing Paved's packages"
  rm -rf "$OUT/tarballs" && mkdir -p "$OUT/tarballs"
  yarn tsc >/dev/null
  local pkg name version file
  echo '{}' >"$OUT/tarballs/index.json"
  for pkg in "$PAVED_ROOT"/plugins/*/; do
    name="$(node -p "require('$pkg/package.json').name")"
    version="$(node -p "require('$pkg/package.json').version")"
    file="$OUT/tarballs/${name//\//-}-$version.tgz"
    (cd "$pkg" && yarn backstage-cli package build >/dev/null && yarn pack -o "$file" >/dev/null)
    node -e "const f='$OUT/tarballs/index.json', i=require(f); i['$name']={version:'$version',file:'$file'}; require('fs').writeFileSync(f, JSON.stringify(i,null,2))"
  done
  log "packed: $(cd "$OUT/tarballs" && ls ./*.tgz | tr '\n' ' ')"
}

install_paved() {
  local name="$1" dir="$2"
  log "$name: resetting to the pristine app and following the READMEs"
  (cd "$dir" && git reset -q --hard pristine && git clean -qfd -e node_modules -e .pristine-ready)
  node "$PROOF_DIR/prepareApp.mjs" paved "$dir" "${name#*-}" "$OUT/tarballs"
  (cd "$dir" && yarn install >"$OUT/$name-install.log" 2>&1) || { tail -40 "$OUT/$name-install.log"; return 1; }
  log "$name: after the install, as the READMEs say: $(tr '\n' ';' <"$dir/.proof-after-install.sh")"
  (cd "$dir" && bash -e .proof-after-install.sh >>"$OUT/$name-install.log" 2>&1) || { tail -40 "$OUT/$name-install.log"; return 1; }
  node "$PROOF_DIR/checkInstall.mjs" "$dir" "$OUT/tarballs"
}

# The admin's environment for the READMEs' ${…} placeholders, taken from the local cluster.
cluster_env() {
  set -a
  # shellcheck disable=SC1091
  source "$PAVED_ROOT/.cluster/env"
  set +a
  export KUBERNETES_API_URL="$PAVED_KUBE_API" KUBERNETES_CA_FILE="$PAVED_KUBE_CA"
  export KUBERNETES_READER_TOKEN="$PAVED_BACKSTAGE_READER_TOKEN" PAVED_SERVICE_ACCOUNT_TOKEN="$PAVED_BACKSTAGE_TOKEN"
  export PROMETHEUS_URL="$PAVED_PROMETHEUS_URL"
}

check_app() {
  local name="$1" dir="$2" port="${PAVED_PROOF_PORT:-7107}"
  log "$name: tsc (skipLibCheck false)"
  (cd "$dir" && yarn tsc --skipLibCheck false --incremental false >"$OUT/$name-tsc.log" 2>&1) || { tail -40 "$OUT/$name-tsc.log"; return 1; }
  log "$name: building the app and the backend"
  (cd "$dir" && yarn workspace app build >"$OUT/$name-build.log" 2>&1 && yarn build:backend >>"$OUT/$name-build.log" 2>&1) || { tail -40 "$OUT/$name-build.log"; return 1; }
  log "$name: starting it on the local cluster (http://localhost:$port)"
  cluster_env
  local configs=(--config "$dir/app-config.yaml")
  [ -f "$dir/app-config.local.yaml" ] && configs+=(--config "$dir/app-config.local.yaml")
  configs+=(--config "$dir/app-config.proof.yaml")
  (cd "$dir/packages/backend" && exec setsid yarn start "${configs[@]}" >"$OUT/$name-backend.log" 2>&1) &
  local backend=$! status=0
  local deadline=$((SECONDS + 240))
  until curl -fs -o /dev/null "http://localhost:$port/api/paved/health" 2>/dev/null; do
    if [ $SECONDS -gt $deadline ] || ! kill -0 "$backend" 2>/dev/null; then
      tail -60 "$OUT/$name-backend.log"; log "$name: the backend did not become healthy"; status=1; break
    fi
    sleep 2
  done
  if [ $status = 0 ]; then
    log "$name: browser check"
    PAVED_PROOF_APP="$name" PAVED_PROOF_OUT="$OUT" PAVED_E2E_BACKEND="http://localhost:$port" \
      yarn playwright test -c "$PROOF_DIR/playwright.config.ts" || status=1
  fi
  # the log up to here is what the check reads: the shutdown below is ours, not the app's
  cp "$OUT/$name-backend.log" "$OUT/$name-backend.checked.log"
  kill -- "-$(ps -o pgid= "$backend" | tr -d ' ')" 2>/dev/null || true
  wait "$backend" 2>/dev/null || true
  node "$PROOF_DIR/checkLog.mjs" "$OUT/$name-backend.checked.log" || status=1
  return $status
}

cmd="${1:-all}"
case "$cmd" in
  prepare)
    for app in $APPS; do ensure_app "$app" >/dev/null; done
    ;;
  pack)
    pack_paved
    ;;
  reports)
    # the browser check's report of each app, for the test command's summary
    for app in $APPS; do echo "$OUT/$app-playwright.json"; done
    ;;
  check)
    # install the already packed tarballs into each app and check it
    status=0
    for app in $APPS; do
      dir="$(ensure_app "$app")"
      { install_paved "$app" "$dir" && check_app "$app" "$dir"; } || { log "$app: FAILED"; status=1; }
    done
    exit $status
    ;;
  all)
    pack_paved
    "$0" check
    ;;
  *) echo "usage: $0 prepare|pack|check|all|reports" >&2; exit 2 ;;
esac
