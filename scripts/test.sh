#!/usr/bin/env bash
# Installs the system packages the tests need (as root, with apt-get, only those missing) and runs
# every test with the Maven wrapper. CI (.ci/run) runs exactly this.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/lib/java.sh"

# package -> a file it installs (checked instead of asking dpkg, so hand-installed tools count too)
declare -A needs=(
  [etcd-server]=/usr/bin/etcd
  [runc]=/usr/sbin/runc
  [conmon]=/usr/bin/conmon
  [containernetworking-plugins]=/usr/lib/cni/bridge
  [iproute2]=/usr/sbin/ip
  [nftables]=/usr/sbin/nft
  [busybox-static]=/bin/busybox
  # node images: a local registry, the tools that build and push the busybox test image, htpasswd (bcrypt)
  [docker-registry]=/usr/bin/docker-registry
  [umoci]=/usr/bin/umoci
  [skopeo]=/usr/bin/skopeo
  [apache2-utils]=/usr/bin/htpasswd
  # the official clients the e2e tests drive besides fabric8 and client-java (Maven): Python's, and
  # node and npm for the JavaScript client (installed below from the npm registry)
  [python3-kubernetes]=/usr/lib/python3/dist-packages/kubernetes/__init__.py
  [nodejs]=/usr/bin/node
  [npm]=/usr/bin/npm
)
# kubectl: v1.32 is usually on PATH; Debian's kubernetes-client (1.20) stands in where it is not.
command -v kubectl >/dev/null 2>&1 || needs[kubernetes-client]=/usr/bin/kubectl

missing=()
for pkg in "${!needs[@]}"; do
  [ -e "${needs[$pkg]}" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: missing packages: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq
    apt-get install -y --no-install-recommends "${missing[@]}"
  }
fi
# Debian's packages may start etcd and docker-registry as services on their default ports (2379,
# 5000); the tests start their own on free ports, so those are not needed (and are left alone).

# The second kubectl the e2e tests drive: Debian's kubernetes-client (1.20), unpacked into a cache
# beside the repository rather than installed, so it never replaces the kubectl on PATH.
old_kubectl="$root/.cache/kubectl-1.20/usr/bin/kubectl"
if [ ! -x "$old_kubectl" ] && command -v apt-get >/dev/null 2>&1; then
  (
    mkdir -p "$root/.cache/kubectl-1.20" && cd "$root/.cache" &&
    { apt-get download kubernetes-client >/dev/null 2>&1 || { apt-get update -qq && apt-get download kubernetes-client; }; } &&
    dpkg -x kubernetes-client_*.deb kubectl-1.20 && rm -f kubernetes-client_*.deb
  ) || echo "test.sh: could not fetch kubernetes-client (kubectl 1.20); its e2e session will fail" >&2
fi

# The official JavaScript client, pinned (JavaScriptClientTest names the same directory), installed
# with npm into a cache beside the repository.
client_node="$root/.cache/client-node-1.4.0"
if [ ! -e "$client_node/node_modules/@kubernetes/client-node/package.json" ] && command -v npm >/dev/null 2>&1; then
  mkdir -p "$client_node" &&
  npm install --prefix "$client_node" --no-audit --no-fund --loglevel=error @kubernetes/client-node@1.4.0 >&2 ||
  echo "test.sh: could not install @kubernetes/client-node; JavaScriptClientTest will be skipped" >&2
fi

podyard_find_jdk
cd "$root"
exec ./mvnw -B -ntp verify "$@"
