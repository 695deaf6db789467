#!/usr/bin/env python3
"""Start-up to ready of one Conduit command line, with the process's CPU time: what bench/run.sh's
start-up scenario measures (exec -> MQTT CONNECT answered -> GET /flows answered, polled every
5 ms), plus user+system CPU of the process when both answered (from /proc/PID/stat), which varies
far less than wall time on a shared machine. Fresh free ports and data directory per start.

  bench/scripts/startup-cpu.py N LABEL -- JAVA [JVM FLAGS...] -jar dist/target/conduit.jar

Prints one line per start and the medians; run two configurations alternately (N=1 in a loop)
to compare them under the same load.
"""
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

CONNECT = bytes([0x10, 0x17, 0, 4]) + b"MQTT" + bytes([4, 2, 0, 10, 0, 11]) + b"ready-probe"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mqtt_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(CONNECT)
            ack = s.recv(4)
            return len(ack) >= 4 and ack[0] == 0x20
    except OSError:
        return False


def http_answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/flows", timeout=2) as r:
            return r.status == 200
    except Exception:
        return False


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")


def main():
    n, label, command = int(sys.argv[1]), sys.argv[2], sys.argv[4:]
    broker, admin, cpu = [], [], []
    for _ in range(n):
        mqtt_port, http_port, work = free_port(), free_port(), tempfile.mkdtemp(prefix="conduit-startup-")
        args = command + ["--bind", "127.0.0.1", "--port", str(mqtt_port), "--http-port", str(http_port),
                          "--data-dir", os.path.join(work, "data")]
        t0 = time.monotonic()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)
        try:
            t_broker = t_admin = None
            while t_admin is None:
                if p.poll() is not None:
                    sys.exit(f"{label}: exited with {p.returncode}")
                if t_broker is None and mqtt_answers(mqtt_port):
                    t_broker = time.monotonic() - t0
                if t_broker is not None and http_answers(http_port):
                    t_admin = time.monotonic() - t0
                if t_admin is None:
                    time.sleep(0.005)
            cpu.append(cpu_ms(p.pid))
            broker.append(round(t_broker * 1000))
            admin.append(round(t_admin * 1000))
        finally:
            p.terminate()
            p.wait(60)
            shutil.rmtree(work, ignore_errors=True)
    print(f"{label}: broker {broker} median {statistics.median(broker):.0f} ms; +admin {admin} median "
          f"{statistics.median(admin):.0f} ms; cpu {cpu} median {statistics.median(cpu):.0f} ms; "
          f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
