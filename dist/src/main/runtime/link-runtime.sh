#!/usr/bin/env bash
# Links dist/target/runtime, the Java runtime ./conduit starts Conduit with, and trains Conduit's AOT
# cache dist/target/conduit.aot for it (docs/ARCHITECTURE.md, "Start-up").
#   link-runtime.sh JDK_HOME TARGET_DIR        (run by `mvn package` in dist, after the shaded jar)
# Rules:
# - The runtime is the building JDK's own modules, except that jdk.graal.compiler is the Graal
#   compiler from TARGET_DIR/jvmci instead of the JDK's empty placeholder. GraalJS then runs optimized
#   without --upgrade-module-path, the option that switches class data sharing (CDS) off.
# - jlink prefers a JDK's own modules over --module-path when it links from the run-time image
#   (JEP 493, JDKs without jmods such as Temurin 25), so the needed modules are repackaged as jmods
#   from its lib/modules first; a JDK with a jmods folder is linked from it directly.
# - The image gets its CDS archive (-Xshare:dump); the AOT cache (JDK 25, JEP 483/514/515) is written
#   by one training run of conduit.jar up to ready (MQTT and GET /flows answered), then a clean stop.
# - RocksDB's JNI library is extracted to TARGET_DIR/native (on java.library.path).
# - TARGET_DIR/runtime-flags gets the JVM flags for the image; launchers add -XX:AOTCache=TARGET_DIR/conduit.aot
#   when that file is newer than conduit.jar (a jar built without this script makes it stale).
# - Never fails the build: on a JDK < 25, or when a step fails, it says why and removes the runtime;
#   ./conduit then runs the JDK with TARGET_DIR/jvm-flags (--upgrade-module-path: optimized, no CDS).
set -uo pipefail
jdk="$1"
target="$2"
jvmci="$target/jvmci"
jar="$target/conduit.jar"
image="$target/runtime"
flags="$target/runtime-flags"
aot="$target/conduit.aot"
work="$target/runtime-work"
# Conduit's modules (jdeps --print-module-deps on conduit.jar: java.compiler, java.desktop, java.naming,
# java.sql, jdk.jfr, jdk.management, jdk.unsupported; java.se for libraries that look classes up
# reflectively), locale data and charsets, and what the Graal compiler reads (jdk.internal.vm.ci)
modules="java.se,jdk.unsupported,jdk.internal.vm.ci,jdk.management,jdk.management.jfr,jdk.jfr,jdk.charsets,jdk.localedata,jdk.zipfs,jdk.net,jdk.naming.dns,jdk.crypto.cryptoki"
jvm_flags="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

say() { echo "link-runtime: $*"; }
give_up() {
  say "WARNING: $* -- no linked runtime; ./conduit uses $target/jvm-flags (no class data sharing, slower start)"
  rm -rf "$work" "$image" "$flags" "$aot"
  exit 0
}

major="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${major:-0}" -ge 25 ] 2>/dev/null || give_up "$jdk is not a JDK >= 25"
[ -x "$jdk/bin/jlink" ] && [ -x "$jdk/bin/jmod" ] || give_up "$jdk has no jlink/jmod"
os="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.name = //p')"
arch="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p')"
[ "$os" = Linux ] || give_up "the runtime is only linked on Linux (this is $os)"
platform="linux-$arch"

stamp="$("$jdk/bin/java" -version 2>&1 | tr '\n' ' ')$(ls "$jvmci")"
if [ -x "$image/bin/java" ] && [ "$(cat "$image/conduit-stamp" 2>/dev/null)" = "$stamp" ]; then
  say "$image is up to date"
else
  rm -rf "$work" "$image"
  mkdir -p "$work"
  if [ -d "$jdk/jmods" ]; then
    jmods="$jdk/jmods"
  else
    jmods="$work/jmods"
    # the closure of the root modules, as the JDK resolves it
    needed="$("$jdk/bin/java" --limit-modules "$modules" --list-modules | sed 's/@.*//')" || give_up "cannot list modules"
    include="$(echo $needed | sed 's# #,#g; s#\([^,]*\)#glob:/\1/**#g')"
    mkdir -p "$jmods" "$work/base/lib" "$work/base/bin" "$work/base/conf"
    "$jdk/bin/jimage" extract --include "$include" --dir "$work/classes" "$jdk/lib/modules" || give_up "jimage extract failed"
    version="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p')"
    for m in $needed; do
      [ "$m" = java.base ] && continue
      "$jdk/bin/jmod" create --compress zip-0 --class-path "$work/classes/$m" --target-platform "$platform" \
        --module-version "$version" "$jmods/$m.jmod" || give_up "jmod create $m failed"
    done
    # java.base carries the launcher, the JVM, the native libraries and the configuration
    (cd "$jdk/lib" && tar cf - --exclude=./modules --exclude='*.jsa' --exclude=./src.zip --exclude=./ct.sym .) | (cd "$work/base/lib" && tar xf -)
    cp "$jdk/bin/java" "$jdk/bin/keytool" "$work/base/bin/"
    cp -r "$jdk/conf/." "$work/base/conf/"
    "$jdk/bin/jmod" create --compress zip-0 --class-path "$work/classes/java.base" --libs "$work/base/lib" \
      --cmds "$work/base/bin" --config "$work/base/conf" --target-platform "$platform" --module-version "$version" \
      --hash-modules '.*' --module-path "$jmods" "$jmods/java.base.jmod" || give_up "jmod create java.base failed"
    jli="--disable-plugin generate-jli-classes" # already in the extracted java.base
  fi
  # TARGET_DIR/jvmci first: its jdk.graal.compiler replaces the JDK's placeholder
  "$jdk/bin/jlink" ${jli:-} --module-path "$jvmci:$jmods" --add-modules "$modules,jdk.graal.compiler" \
    --output "$image" > "$work/jlink.log" 2>&1 || give_up "jlink failed: $(tail -3 "$work/jlink.log")"
  "$image/bin/java" -Xshare:dump > "$work/cds.log" 2>&1 || give_up "CDS dump failed: $(tail -3 "$work/cds.log")"
  "$image/bin/java" $jvm_flags -XX:+UseJVMCICompiler -version > /dev/null 2>&1 || give_up "the linked runtime does not start with JVMCI"
  echo "$stamp" > "$image/conduit-stamp"
  say "linked $image ($(du -sh "$image" | cut -f1))"
fi
rm -rf "$work"

# RocksDB's JNI library for this machine, out of this conduit.jar: without it on java.library.path,
# RocksDB.loadLibrary() copies it (15 MB) from the jar into a temp file at every start (≈ 0.4 s)
native="$target/native"
rm -rf "$native"
mkdir -p "$native"
case "$(uname -m)" in
  x86_64) rocksdb=librocksdbjni-linux64.so ;;
  aarch64) rocksdb=librocksdbjni-linux-aarch64.so ;;
  ppc64le|s390x|riscv64) rocksdb="librocksdbjni-linux-$(uname -m).so" ;;
  *) rocksdb="" ;;
esac
if [ -n "$rocksdb" ] && (cd "$native" && "$jdk/bin/jar" xf "$jar" "$rocksdb") && [ -f "$native/$rocksdb" ]; then
  # the JDK's default path after it
  jvm_flags="$jvm_flags -Djava.library.path=$native:/usr/java/packages/lib:/usr/lib64:/lib64:/lib:/usr/lib"
fi
echo "$jvm_flags" > "$flags"

# AOT cache: one training run of this conduit.jar (the cache is bound to the jar's size and time)
rm -f "$aot"
mkdir -p "$work/train"
: > "$work/train/out.log" # polled below before the JVM may have opened it
# (-Dconduit.warmup=false: no GraalJS warm-up after ready, see Conduit.WARM_UP_PROPERTY)
# with ./conduit's heap flags (memory-flags), as the starts that use the cache
"$image/bin/java" $(cat "$target/memory-flags" 2>/dev/null) $jvm_flags -XX:AOTCacheOutput="$aot" -Dconduit.warmup=false -Dconduit.log.level=WARN -jar "$jar" \
  --bind 127.0.0.1 --port 0 --http-port 0 --data-dir "$work/train/data" > "$work/train/out.log" 2>&1 &
pid=$!
http=""
# up to ready only: what loads after it (GraalJS warming up in the background) would make every
# start load it too (AOT-cached classes are loaded at start): measured 1.94 vs 2.44 s CPU to ready
for _ in $(seq 1 2400); do
  http="$(sed -n 's#.*editor http://127.0.0.1:\([0-9]*\)/.*#\1#p' "$work/train/out.log")"
  [ -n "$http" ] || ! kill -0 "$pid" 2>/dev/null && break
  sleep 0.05
done
if [ -n "$http" ]; then
  # what a client does first: the Admin API's GET /flows (the bench's readiness probe)
  (exec 3<>"/dev/tcp/127.0.0.1/$http" && printf 'GET /flows HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 && cat <&3 > /dev/null) || true
fi
kill -TERM "$pid" 2>/dev/null
wait "$pid"
if [ -z "$http" ] || [ ! -s "$aot" ]; then
  rm -f "$aot"
  say "WARNING: AOT cache training failed (start-up without it is slower): $(tail -5 "$work/train/out.log")"
else
  say "AOT cache $aot ($(du -sh "$aot" | cut -f1))"
fi
rm -rf "$work"
