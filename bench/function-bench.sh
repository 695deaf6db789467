#!/usr/bin/env bash
# Function node benchmark (issue #4): messages/s through `mqtt in -> function -> mqtt out` for
#   (a) double:    msg.payload.v = msg.payload.v * 2; return msg;
#   (b) transform: parse a JSON string, average 20 numbers, build a new object
# on Conduit with GraalJS optimized, Conduit interpreter-only, and Node-RED 5.0.7 (Mosquitto as its
# broker), all on this machine in one run, driven by the same load generator (FunctionFlowLoad:
# QoS 0, a bounded window of messages in flight, every result checked).
#
#   bench/function-bench.sh [warmup_seconds] [measure_seconds]     (defaults 60 and 30)
#
# Environment (for profiling; the published table uses the defaults):
#   FUNCTION_BENCH_TARGETS  which rows to run (default "conduit-optimized conduit-interpreter node-red")
#   FUNCTION_BENCH_SCRIPTS  which scripts (default "double transform")
#   BENCH_CONDUIT_JVM_FLAGS extra JVM flags for Conduit, e.g. a JFR recording:
#     BENCH_CONDUIT_JVM_FLAGS="-XX:StartFlightRecording=filename=/tmp/f.jfr,settings=profile"
#
# Installs what is missing with bench/install-peers.sh (Mosquitto from apt; node@22 and
# node-red@5.0.7 from npm into bench/peers, which git ignores). Writes
# bench/results/<date>-function-<host>.md and prints it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
WARMUP="${1:-60}"
MEASURE="${2:-30}"
TARGETS="${FUNCTION_BENCH_TARGETS:-conduit-optimized conduit-interpreter node-red}"
SCRIPTS="${FUNCTION_BENCH_SCRIPTS:-double transform}"
read -r -a EXTRA_FLAGS <<< "${BENCH_CONDUIT_JVM_FLAGS:-}"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
PEERS="$here/peers"
WORK="$here/work/function-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK" "$here/results"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

log() { echo "[function-bench] $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # url
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.2
  done
  log "no answer from $1"; return 1
}

if [ ! -f "$root/dist/target/conduit.jar" ] || [ ! -f "$here/target/benchmarks.jar" ]; then
  log "building"
  (cd "$root" && JAVA_HOME="$JAVA_HOME" mvn -B -q -DskipTests package)
fi
"$here/install-peers.sh" >&2

DOUBLE='msg.payload.v = msg.payload.v * 2; return msg;'
TRANSFORM='const data = JSON.parse(msg.payload);
let sum = 0;
for (const v of data.values) sum += v;
msg.payload = { sensor: data.id, avg: sum / data.values.length, count: data.values.length, at: Date.now() };
return msg;'

flow_json() { # broker_port script
  local func datatype
  if [ "$2" = double ]; then func="$DOUBLE"; datatype=json; else func="$TRANSFORM"; datatype=utf8; fi
  python3 - "$1" "$func" "$datatype" <<'EOF'
import json, sys
port, func, datatype = sys.argv[1], sys.argv[2], sys.argv[3]
print(json.dumps([
  {"id": "t1", "type": "tab", "label": "bench"},
  {"id": "b1", "type": "mqtt-broker", "name": "", "broker": "127.0.0.1", "port": port, "clientid": "",
   "autoConnect": True, "usetls": False, "protocolVersion": "4", "keepalive": "60", "cleansession": True,
   "autoUnsubscribe": True, "birthTopic": "", "closeTopic": "", "willTopic": ""},
  {"id": "in1", "type": "mqtt in", "z": "t1", "name": "", "topic": "bench/in/#", "qos": "0",
   "datatype": datatype, "broker": "b1", "nl": False, "rap": True, "rh": 0, "inputs": 0, "x": 100, "y": 100,
   "wires": [["f1"]]},
  {"id": "f1", "type": "function", "z": "t1", "name": "", "func": func, "outputs": 1, "timeout": 0,
   "noerr": 0, "initialize": "", "finalize": "", "libs": [], "x": 300, "y": 100, "wires": [["out1"]]},
  {"id": "out1", "type": "mqtt out", "z": "t1", "name": "", "topic": "bench/out", "qos": "0",
   "retain": "false", "respTopic": "", "contentType": "", "userProps": "", "correl": "", "expiry": "",
   "broker": "b1", "x": 500, "y": 100, "wires": []}]))
EOF
}

deploy() { # http_port flow_file -> milliseconds the deploy request took
  curl -fsS -X POST -H 'Content-Type: application/json' -H 'Node-RED-Deployment-Type: full' \
    --data-binary "@$2" "http://127.0.0.1:$1/flows" -o /dev/null -w '%{time_total}' \
    | python3 -c 'import sys; print(round(float(sys.stdin.read()) * 1000))'
}

load() { # mqtt_port script -> JSON line
  "$JAVA" -cp "$here/target/benchmarks.jar" io.conduit.bench.function.FunctionFlowLoad \
    127.0.0.1 "$1" "$2" "$WARMUP" "$MEASURE" 2>>"$WORK/load.err" | tail -1
}

RESULTS="$WORK/results.txt"
: > "$RESULTS"
run_target() { # name mqtt_port http_port
  for script in $SCRIPTS; do
    flow_json "$2" "$script" > "$WORK/flow-$1-$script.json"
    local ms
    ms=$(deploy "$3" "$WORK/flow-$1-$script.json")
    log "$1 / $script: deployed in ${ms} ms; ${WARMUP}s warm-up, ${MEASURE}s measured"
    echo "$1 $ms $(load "$2" "$script")" | tee -a "$RESULTS" >&2
  done
}

start_conduit() { # name command... (the command that starts Conduit, before its own flags)
  local name="$1"; shift
  local mqtt http
  mqtt=$(free_port); http=$(free_port)
  "$@" --port "$mqtt" --http-port "$http" \
    --data-dir "$WORK/data-$name" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$http/flows"
  run_target "$name" "$mqtt" "$http"
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
}

# Conduit optimized, started by ./conduit as users start it (the linked runtime with the Graal
# compiler, or the JDK with jvm-flags), and interpreter-only (the JDK without the Graal flags, with
# ./conduit's heap flags); both with a 2 GB heap and BENCH_CONDUIT_JVM_FLAGS
wanted() { [[ " $TARGETS " == *" $1 "* ]]; }
MEMORY_FLAGS=()
[ -f "$root/dist/target/memory-flags" ] && read -r -a MEMORY_FLAGS < "$root/dist/target/memory-flags"
if wanted conduit-optimized; then
  start_conduit conduit-optimized env CONDUIT_JAVA_OPTS="-Xmx2g ${BENCH_CONDUIT_JVM_FLAGS:-}" "$root/conduit"
fi
if wanted conduit-interpreter; then
  start_conduit conduit-interpreter "$JAVA" "${MEMORY_FLAGS[@]}" -Xmx2g "${EXTRA_FLAGS[@]}" -jar "$root/dist/target/conduit.jar"
fi

# Node-RED 5.0.7 with Mosquitto
if wanted node-red; then
MQ=$(free_port); NR=$(free_port)
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$MQ" > "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
PIDS+=($!)
mkdir -p "$WORK/node-red"
cat > "$WORK/node-red/settings.js" <<EOF
module.exports = { uiPort: $NR, uiHost: "127.0.0.1", flowFile: "flows.json", credentialSecret: false,
  logging: { console: { level: "warn", metrics: false, audit: false } } };
EOF
"$PEERS/node_modules/.bin/node" "$PEERS/node_modules/node-red/red.js" --userDir "$WORK/node-red" \
  --settings "$WORK/node-red/settings.js" > "$WORK/node-red.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$NR/flows"
run_target node-red "$MQ" "$NR"
fi

# the table
HOST="$(hostname)"
OUT="$here/results/$(date +%Y-%m-%d)-function-$HOST.md"
# a profiling run (not every row, or extra flags) is not a result to quote: it goes to the work folder
if [ -n "${FUNCTION_BENCH_TARGETS:-}${FUNCTION_BENCH_SCRIPTS:-}${BENCH_CONDUIT_JVM_FLAGS:-}" ]; then OUT="$WORK/results.md"; fi
python3 - "$RESULTS" "$OUT" "$WARMUP" "$MEASURE" "$("$JAVA" -version 2>&1 | head -1)" \
  "$("$PEERS/node_modules/.bin/node" --version)" "$(nproc)" "$(uptime | sed 's/.*load average: //')" "$LOAD_START" <<'EOF'
import json, sys
results, out, warmup, measure, java, node, cores, load, load_start = sys.argv[1:10]
rows = {}
for line in open(results):
    name, deploy_ms, js = line.strip().split(' ', 2)
    r = json.loads(js)
    r['deploy_ms'] = deploy_ms
    rows[(name, r['script'])] = r
lines = [
  "# Function node: mqtt in -> function -> mqtt out",
  "",
  f"`bench/function-bench.sh {warmup} {measure}`: each row is {warmup} s of warm-up then {measure} s measured,",
  "QoS 0 with at most 200 messages in flight (FunctionFlowLoad), every result checked.",
  f"Machine: {cores} cores, load average at the start {load_start}, at the end {load}; {java}; Node.js {node}.",
  "Node-RED 5.0.7 uses Mosquitto as its broker; Conduit its built-in broker (in-process path).",
  "",
  "| target | script | msgs/s | p50 µs | p99 µs | lost | wrong | load generator CPU % | deploy ms |",
  "|---|---|---:|---:|---:|---:|---:|---:|---:|",
]
for (name, script), r in rows.items():
    lines.append(f"| {name} | {script} | {r['msgs_per_s']} | {r['p50_us']} | {r['p99_us']} | {r['lost']} | {r['wrong']} | {r['loadgen_cpu_pct']} | {r['deploy_ms']} |")
lines += ["", "| script | Conduit optimized / Node-RED | Conduit interpreter / Node-RED | optimized / interpreter |", "|---|---:|---:|---:|"]
for script in ("double", "transform"):
    o = rows.get(("conduit-optimized", script)); i = rows.get(("conduit-interpreter", script)); n = rows.get(("node-red", script))
    def ratio(a, b):
        return f"{a['msgs_per_s'] / b['msgs_per_s']:.1f} x" if a and b and b['msgs_per_s'] else "n/a"
    lines.append(f"| {script} | {ratio(o, n)} | {ratio(i, n)} | {ratio(o, i)} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
log "wrote $OUT"
