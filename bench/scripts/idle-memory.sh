#!/usr/bin/env bash
# Where an idle connection's memory goes in Conduit: Native Memory Tracking and heap histogram
# before/after COUNT idle MQTT clients (bench/results/2026-11-30-idle-memory.md). Starts
# dist/target/conduit.jar with dist/target/jvm-flags, NMT and the given JVM flags; waits until the
# broker is idle (under 5 % of a core for 1 s) before each reading, as the connections scenario
# does; the clients come from IdleClients processes of 12,500 each, source addresses 127.0.0.2, ...
# Writes nmt-diff.txt, histo0/1.txt and summary.txt to bench/work/idle-memory/LABEL.
#   bench/scripts/idle-memory.sh COUNT LABEL [jvm flags...]     (env HOLD=s: seconds held idle, default 30)
# e.g. bench/scripts/idle-memory.sh 19000 final $(cat dist/target/memory-flags)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
J="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
count=$1; label=$2; shift 2
out="$root/bench/work/idle-memory/$label"; rm -rf "$out"; mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
port=$(free_port); http=$(free_port)
graal=(); [ -f "$root/dist/target/jvm-flags" ] && read -r -a graal < "$root/dist/target/jvm-flags"
"$J/java" "${graal[@]}" -XX:NativeMemoryTracking=summary "$@" -Dconduit.log.level=WARN -jar "$root/dist/target/conduit.jar" \
  --bind 127.0.0.1 --port "$port" --http-port "$http" --data-dir "$out/data" > "$out/conduit.log" 2>&1 &
pid=$!
kids=()
trap 'kill "$pid" "${kids[@]}" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$http/flows" >/dev/null; do sleep 0.3; done
cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }   # clock ticks of 10 ms
settle() { local a b t=0; a=$(cpu); while sleep 1; do t=$((t+1)); b=$(cpu); [ $((b-a)) -lt 5 ] || [ $t -ge 60 ] && break; a=$b; done; }
rss() { grep VmRSS "/proc/$pid/status" | tr -dc 0-9; }
# heap in use after a full GC: G1 prints one heap line, Serial and Parallel one per generation
heap() { "$J/jcmd" "$pid" GC.run >/dev/null; "$J/jcmd" "$pid" GC.heap_info | grep -v -e ' space ' -e Metaspace | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | awk '{ s += $1 } END { print s }'; }
settle; heap0=$(heap); settle; rss0=$(rss)
"$J/jcmd" "$pid" VM.native_memory baseline >/dev/null
"$J/jcmd" "$pid" GC.class_histogram > "$out/histo0.txt"
per=12500
for ((i = 0; i * per < count; i++)); do
  n=$((count - i * per)); [ $n -gt $per ] && n=$per
  mkfifo "$out/in$i"
  "$J/java" -Xmx1g -XX:+UseSerialGC -cp "$root/bench/target/benchmarks.jar" io.conduit.bench.load.IdleClients \
    127.0.0.1 "$port" "$n" "127.0.0.$((2 + i))" "idle-$i" < "$out/in$i" > "$out/clients$i.out" 2>/dev/null &
  kids+=($!)
  exec {fd}> "$out/in$i"   # held open: the clients stay until this script ends
done
for ((i = 0; i < ${#kids[@]}; i++)); do until grep -q READY "$out/clients$i.out" 2>/dev/null; do sleep 0.5; done; done
settle; rss1=$(rss)
sleep "${HOLD:-30}"; rssHeld=$(rss)
heap1=$(heap)
"$J/jcmd" "$pid" VM.native_memory summary.diff > "$out/nmt-diff.txt"
"$J/jcmd" "$pid" GC.class_histogram > "$out/histo1.txt"
kb() { awk -v a="$1" -v b="$2" -v n="$count" 'BEGIN { printf "%.2f", (b - a) / n }'; }
echo "$label: $count clients ($(cat "$out"/clients*.out | tr '\n' ' ')); RSS $rss0 → $rss1 KB just connected ($(kb "$rss0" "$rss1") KB each)," \
  "$rssHeld KB after ${HOLD:-30} s idle ($(kb "$rss0" "$rssHeld") KB each); heap $heap0 → $heap1 KB ($(kb "$heap0" "$heap1") KB each)" | tee "$out/summary.txt"
