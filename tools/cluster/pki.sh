# shellcheck shell=bash
# PKI, static tokens and kubeconfigs of the local control plane. Sourced by up.sh after lib.sh.
# Everything is created once: an existing file is never regenerated (delete it, or `down.sh --purge`, to renew).

CERT_DAYS=3650
APISERVER_ADVERTISE_ADDRESS="${PAVED_APISERVER_ADVERTISE_ADDRESS:-198.51.100.1}"
SERVICE_CIDR="10.96.0.0/16"
KUBERNETES_SERVICE_IP="10.96.0.1"

# gen_ca NAME CN
gen_ca() {
  local name="$1" cn="$2"
  [ -f "$PKI/$name.crt" ] && return
  openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$name.key" 2>/dev/null
  openssl req -x509 -new -key "$PKI/$name.key" -sha256 -days "$CERT_DAYS" -subj "/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/$name.crt" 2>/dev/null
}

# gen_cert NAME CA SUBJECT USAGE [SAN]  (USAGE: client | server | both; SAN like "DNS:localhost,IP:127.0.0.1")
gen_cert() {
  local name="$1" ca="$2" subj="$3" usage="$4" san="${5:-}" eku ext
  [ -f "$PKI/$name.crt" ] && return
  case "$usage" in
    client) eku="clientAuth" ;;
    server) eku="serverAuth" ;;
    both) eku="serverAuth,clientAuth" ;;
  esac
  ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=$eku"
  [ -n "$san" ] && ext+="
subjectAltName=$san"
  openssl ecparam -name prime256v1 -genkey -noout -out "$PKI/$name.key" 2>/dev/null
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/$ca.crt" -CAkey "$PKI/$ca.key" -CAcreateserial \
    -days "$CERT_DAYS" -sha256 -extfile <(printf '%s\n' "$ext") -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr"
}

b64() { base64 -w0 <"$1"; }

# write_kubeconfig FILE USER cert KEYNAME | token TOKEN
write_kubeconfig() {
  local file="$1" user="$2" kind="$3" cred="$4" userblock
  if [ "$kind" = cert ]; then
    userblock="    client-certificate-data: $(b64 "$PKI/$cred.crt")
    client-key-data: $(b64 "$PKI/$cred.key")"
  else
    userblock="    token: $cred"
  fi
  local tmp="$file.tmp.$$"
  cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $CLUSTER_LABEL
  cluster:
    server: $API_URL
    certificate-authority-data: $(b64 "$PKI/ca.crt")
contexts:
- name: $user@$CLUSTER_LABEL
  context:
    cluster: $CLUSTER_LABEL
    user: $user
current-context: $user@$CLUSTER_LABEL
preferences: {}
users:
- name: $user
  user:
$userblock
EOF
  chmod 600 "$tmp"
  # rewrite only when the content changed (keeps mtimes stable across runs)
  if [ -f "$file" ] && cmp -s "$tmp" "$file"; then rm -f "$tmp"; else mv "$tmp" "$file"; fi
}

# Static token users: name | Kubernetes user name | groups. The user names are Backstage entity refs, so that a
# backend impersonating `user:default/bob` gets exactly what bob's own token gets.
TOKEN_USERS=(
  "backstage-reader|paved-backstage-reader|paved:backstage"
  "alice|user:default/alice|group:default/team-checkout,paved:team-leads"
  "bob|user:default/bob|group:default/team-checkout"
  "carol|user:default/carol|group:default/team-search,paved:team-leads"
  "dave|user:default/dave|group:default/team-search"
  "erin|user:default/erin|group:default/team-platform,paved:platform-admins"
)

token_of() { cat "$PKI/tokens/$1.token"; }

ensure_pki() {
  mkdir -p "$PKI/tokens" "$CLUSTER_DIR/users"
  chmod 700 "$PKI"
  local created=0
  [ -f "$PKI/ca.crt" ] || created=1

  gen_ca ca "$CLUSTER_LABEL-ca"
  gen_ca etcd-ca "$CLUSTER_LABEL-etcd-ca"
  gen_ca front-proxy-ca "$CLUSTER_LABEL-front-proxy-ca"

  gen_cert etcd-server etcd-ca "/CN=paved-etcd" both "DNS:localhost,IP:127.0.0.1"
  gen_cert apiserver-etcd-client etcd-ca "/CN=kube-apiserver-etcd-client" client
  gen_cert apiserver ca "/CN=kube-apiserver" server \
    "DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:$KUBERNETES_SERVICE_IP,IP:$APISERVER_ADVERTISE_ADDRESS"
  gen_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" client
  gen_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" client
  gen_cert admin ca "/O=system:masters/CN=paved-admin" client
  gen_cert kube-controller-manager ca "/CN=system:kube-controller-manager" client
  gen_cert kube-scheduler ca "/CN=system:kube-scheduler" client
  gen_cert kwok ca "/CN=paved-kwok" client
  gen_cert kwok-serving ca "/CN=paved-kwok-kubelet" server "DNS:localhost,IP:127.0.0.1"
  gen_cert metrics-server ca "/CN=system:metrics-server" client
  gen_cert metrics-server-serving ca "/CN=metrics-server" server \
    "DNS:metrics-server.kube-system.svc,DNS:metrics-server.kube-system,DNS:localhost,IP:127.0.0.1"
  gen_cert sim ca "/CN=paved-sim" client
  gen_cert prometheus ca "/CN=paved-prometheus" client
  gen_cert flux ca "/CN=paved-flux" client
  # kube-controller-manager's own serving cert (its /healthz is probed over HTTPS)
  gen_cert kcm-serving ca "/CN=kube-controller-manager" server "DNS:localhost,IP:127.0.0.1"
  gen_cert scheduler-serving ca "/CN=kube-scheduler" server "DNS:localhost,IP:127.0.0.1"

  if [ ! -f "$PKI/sa.key" ]; then
    openssl genrsa -out "$PKI/sa.key" 2048 2>/dev/null
    openssl rsa -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  fi
  chmod 600 "$PKI"/*.key

  # static tokens: generated once per user, kept in pki/tokens/<name>.token
  local entry name user groups
  for entry in "${TOKEN_USERS[@]}"; do
    IFS='|' read -r name user groups <<<"$entry"
    [ -s "$PKI/tokens/$name.token" ] || (umask 077 && openssl rand -hex 24 >"$PKI/tokens/$name.token")
  done
  local tmp="$PKI/tokens.csv.tmp"
  (
    umask 077
    for entry in "${TOKEN_USERS[@]}"; do
      IFS='|' read -r name user groups <<<"$entry"
      printf '%s,%s,%s,"%s"\n' "$(token_of "$name")" "$user" "paved-$name" "$groups"
    done >"$tmp"
  )
  if [ -f "$PKI/tokens.csv" ] && cmp -s "$tmp" "$PKI/tokens.csv"; then rm -f "$tmp"; else mv "$tmp" "$PKI/tokens.csv"; fi

  # Paved's own token is a ServiceAccount token of examples/rbac, issued by up.sh once the API server runs
  cmp -s "$PKI/tokens/backstage-reader.token" "$CLUSTER_DIR/backstage-reader.token" 2>/dev/null \
    || (umask 077 && cp "$PKI/tokens/backstage-reader.token" "$CLUSTER_DIR/backstage-reader.token.tmp" \
      && mv "$CLUSTER_DIR/backstage-reader.token.tmp" "$CLUSTER_DIR/backstage-reader.token")

  # kubeconfigs: people and Backstage at the top level / users/, components under generated/
  mkdir -p "$GEN"
  write_kubeconfig "$CLUSTER_DIR/admin.kubeconfig" paved-admin cert admin
  write_kubeconfig "$CLUSTER_DIR/backstage-reader.kubeconfig" paved-backstage-reader token "$(token_of backstage-reader)"
  for name in alice bob carol dave erin; do
    write_kubeconfig "$CLUSTER_DIR/users/$name.kubeconfig" "$name" token "$(token_of "$name")"
  done
  write_kubeconfig "$GEN/kube-controller-manager.kubeconfig" system:kube-controller-manager cert kube-controller-manager
  write_kubeconfig "$GEN/kube-scheduler.kubeconfig" system:kube-scheduler cert kube-scheduler
  write_kubeconfig "$GEN/kwok.kubeconfig" paved-kwok cert kwok
  write_kubeconfig "$GEN/metrics-server.kubeconfig" system:metrics-server cert metrics-server
  write_kubeconfig "$GEN/flux.kubeconfig" paved-flux cert flux

  [ "$created" = 1 ] && log "PKI, tokens and kubeconfigs created in $PKI" || true
}
