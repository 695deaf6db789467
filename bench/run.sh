#!/usr/bin/env bash
# Conduit side by side with Mosquitto, aedes and Node-RED 5.0.7: installs missing peers, builds
# Conduit and the load generator, runs every scenario against each peer on loopback ports, and
# writes bench/results/<date>-<host>.md. Takes about 25 minutes (broker, connections, flow and start-up took 18 on 2 cores); run it on a quiet machine.
#   bench/run.sh                        everything
#   bench/run.sh --quick                every scenario, short phases and small counts (a smoke run)
#   bench/run.sh --only broker,flow     groups: broker, connections, flow, startup
#   bench/run.sh --peers conduit,mosquitto
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

"$here/install-peers.sh"

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/jcmd" ]; then export JAVA_HOME="$d"; break; fi
  done
fi
export PATH="$JAVA_HOME/bin:$PATH"
(cd "$root" && mvn -B -q -DskipTests package -pl dist,bench -am)

# the brokers get as many open files as the hard limit allows (idle-connection scenarios)
ulimit -n "$(ulimit -Hn)"
exec "$JAVA_HOME/bin/java" -Xmx2g -Dconduit.log.level=WARN -cp "$here/target/benchmarks.jar" \
  io.conduit.bench.run.BenchRun --root "$root" "$@"
