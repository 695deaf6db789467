#!/usr/bin/env bash
# GC pauses of a Conduit that holds a large live heap: starts ./conduit (its own collector and heap
# flags, plus CONDUIT_JAVA_OPTS), publishes COUNT retained messages of SIZE bytes over MQTT.js
# (bench/install-peers.sh installs it), then asks for two full collections; prints the heap after
# them and every pause of the GC log over 50 ms (docs/ARCHITECTURE.md, "Garbage collector").
#   bench/scripts/large-heap-pauses.sh [COUNT [SIZE]]          default 300000 1000
#   CONDUIT_JAVA_OPTS=-XX:+UseG1GC bench/scripts/large-heap-pauses.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
count=${1:-300000}; size=${2:-1000}
"$root/bench/install-peers.sh" >/dev/null
node="$root/bench/peers/node_modules/.bin/node"
out="$root/bench/work/large-heap-pauses"; rm -rf "$out"; mkdir -p "$out"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port); http=$(free_port)
CONDUIT_JAVA_OPTS="${CONDUIT_JAVA_OPTS:-} -Xlog:gc:file=$out/gc.log" "$root/conduit" --bind 127.0.0.1 --port "$port" \
  --http-port "$http" --data-dir "$out/data" --fsync never > "$out/conduit.log" 2>&1 &
launcher=$!
trap 'pkill -f -- "--data-dir $out/data" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$http/settings" >/dev/null; do
  kill -0 "$launcher" 2>/dev/null || { cat "$out/conduit.log" >&2; exit 1; }
  sleep 0.3
done
pid=$(pgrep -f -- "--data-dir $out/data" | tail -1)
"$node" "$root/bench/scripts/retained-fill.cjs" "$port" "$count" "$size"
"$J/jcmd" "$pid" GC.run >/dev/null; "$J/jcmd" "$pid" GC.run >/dev/null
echo "heap after two full collections: $("$J/jcmd" "$pid" GC.heap_info | grep -E 'used [0-9]+K' | grep -v -e ' space ' -e Metaspace)"
echo "RSS: $(grep VmRSS "/proc/$pid/status" | tr -dc 0-9) KB; pauses over 50 ms (log: $out/gc.log):"
grep Pause "$out/gc.log" | awk '{ v = $NF; sub("ms", "", v); if (v + 0 > 50) print }'
