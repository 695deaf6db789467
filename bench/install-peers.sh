#!/usr/bin/env bash
# Installs the peers Conduit is benchmarked against, when missing (idempotent, fast when done):
#   Mosquitto from Debian (apt), and into bench/peers/ (git-ignored) from npm: node@22 (Node-RED 5
#   needs Node.js >= 22.9), node-red@5.0.7 and aedes (a Node.js broker, Node-RED's embedded-broker case).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
peers="$here/peers"

if [ ! -x /usr/sbin/mosquitto ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends mosquitto
fi

want_node="22"
want_red="5.0.7"
want_aedes="1.2.0"
have() { [ -f "$peers/node_modules/$1/package.json" ] && grep -q "\"version\": *\"$2" "$peers/node_modules/$1/package.json"; }
if ! have node-red "$want_red" || ! have aedes "$want_aedes" || ! "$peers/node_modules/.bin/node" --version 2>/dev/null | grep -q "^v$want_node\."; then
  command -v npm >/dev/null || { echo "install-peers: npm is needed (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$peers"
  [ -f "$peers/package.json" ] || echo '{ "name": "conduit-bench-peers", "private": true, "version": "0.0.0" }' > "$peers/package.json"
  (cd "$peers" && npm install --no-audit --no-fund --loglevel=error "node@$want_node" "node-red@$want_red" "aedes@$want_aedes")
fi
echo "peers: $(/usr/sbin/mosquitto -h | head -1); Node.js $("$peers/node_modules/.bin/node" --version); node-red $want_red; aedes $want_aedes"
