#!/usr/bin/env python3
"""Starts an installed loginkit as systemd would for Type=notify and checks it end to end.

usage: serve_check.py BINARY CONFIG DATA_DIR [strace-log]

The binary gets NOTIFY_SOCKET pointing at a unix datagram socket opened here. Checks, in order:
READY=1 arrives, /healthz answers 200 on the public listener, SIGHUP brings RELOADING=1 (with
MONOTONIC_USEC) then READY=1 and the server still answers, SIGTERM ends the process with exit 0,
and STOPPING=1 arrived before it exited.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def main():
    binary, config, data_dir = sys.argv[1:4]
    strace_log = sys.argv[4] if len(sys.argv) > 4 else None
    sock_path = os.path.join(tempfile.mkdtemp(prefix="lk-notify-"), "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sock_path)
    sock.settimeout(20)

    cmd = [binary, "serve", "--config", config, "--data", data_dir,
           "--listen", "127.0.0.1:0", "--ops-listen", "127.0.0.1:0"]
    if strace_log:
        # Every mapping the server makes, to show it never needs writable+executable memory
        # (the unit sets MemoryDenyWriteExecute=yes).
        cmd = ["strace", "-f", "-qq", "-e", "trace=mmap,mprotect,pkey_mprotect",
               "-o", strace_log] + cmd
    env = dict(os.environ, NOTIFY_SOCKET=sock_path)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    try:
        messages = []
        while "READY=1" not in messages:
            try:
                messages += sock.recv(4096).decode().split("\n")
            except socket.timeout:
                fail(f"no READY=1 within 20 s (got {messages}, exit {proc.poll()})")
        print("notify: READY=1")

        url = None
        for line in proc.stdout:  # READY=1 comes after both "listening on" lines
            m = re.match(r"loginkit listening on (http://\S+)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            fail("no 'loginkit listening on' line")
        with urllib.request.urlopen(url + "/healthz", timeout=10) as res:
            body = res.read().decode()
            if res.status != 200:
                fail(f"/healthz answered {res.status}")
        print(f"healthz: 200 {body.strip()}")

        # Under strace the server is strace's child; strace exits with the server's status.
        target = proc.pid
        if strace_log:
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                target = int(f.read().split()[0])

        # systemctl reload (ExecReload= sends SIGHUP): RELOADING=1 with a monotonic timestamp,
        # then READY=1 once the configuration is read again.
        os.kill(target, signal.SIGHUP)
        reload_messages = []
        while "READY=1" not in reload_messages:
            try:
                reload_messages += sock.recv(4096).decode().split("\n")
            except socket.timeout:
                fail(f"no READY=1 after SIGHUP (got {reload_messages}, exit {proc.poll()})")
        if "RELOADING=1" not in reload_messages or not any(
                re.fullmatch(r"MONOTONIC_USEC=\d+", m) for m in reload_messages):
            fail(f"SIGHUP sent no RELOADING=1 with MONOTONIC_USEC (got {reload_messages})")
        with urllib.request.urlopen(url + "/healthz", timeout=10) as res:
            if res.status != 200:
                fail(f"/healthz answered {res.status} after the reload")
        print("SIGHUP: RELOADING=1, READY=1, still serving")
        os.kill(target, signal.SIGTERM)
        rc = proc.wait(timeout=30)
        if rc != 0:
            fail(f"exit status {rc} after SIGTERM")
        print("SIGTERM: exit 0")
        sock.settimeout(0.5)
        try:
            while True:
                messages += sock.recv(4096).decode().split("\n")
        except socket.timeout:
            pass
        if "STOPPING=1" not in messages:
            fail(f"no STOPPING=1 (got {messages})")
        print("notify: STOPPING=1")
    finally:
        if proc.poll() is None:
            proc.kill()


if __name__ == "__main__":
    main()
