"""`make lab`, the README's first command, starts JupyterLab — for root too — and prints the
address to open, then the server answers on it."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="make and process groups")
def test_make_lab_starts_and_prints_the_address(tmp_path):
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path), JUPYTER_DATA_DIR=str(tmp_path / "data"))
    env.pop("DISPLAY", None)
    env.pop("BROWSER", None)
    with socket.socket() as sock:  # a free port (JupyterLab's port=0 prints one it does not serve)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS=--ServerApp.port={port} --ServerApp.ip=127.0.0.1"],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines, url = [], None
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and url is None:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+/lab\?token=\w+)", line)
            url = m.group(1) if m else None
        assert url, "no address printed:\n" + "".join(lines[-30:])
        # as root JupyterLab exits at once without --allow-root; an answer proves the flag is there
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost, never a proxy
        status = None
        for _ in range(40):  # the address is printed a moment before the socket accepts
            try:
                with direct.open(url, timeout=10) as r:
                    status = r.status
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
