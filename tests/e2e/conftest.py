"""End-to-end fixtures: a real Odoo server, started on a free port against a copy of the
test database, driven over HTTP/JSON-RPC exactly as the web client drives it."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DB = os.environ.get("KIA_TEST_DB", "kia_test")
E2E_DB = f"{SOURCE_DB}_e2e"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """Base URL of a running Odoo server; the database is a fresh copy of the test one."""
    subprocess.run(["dropdb", "--if-exists", E2E_DB], check=True)
    subprocess.run(["createdb", "-T", SOURCE_DB, E2E_DB], check=True)
    port = _free_port()
    (ROOT / ".odoo-data").mkdir(exist_ok=True)
    log = open(ROOT / ".odoo-data" / "e2e-server.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(ROOT / "odoo.conf"),
            "-d",
            E2E_DB,
            f"--db-filter=^{E2E_DB}$",
            f"--http-port={port}",
            "--http-interface=127.0.0.1",
            "--log-level=warn",
            "--max-cron-threads=0",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{url}/web/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"Odoo exited early, see {log.name}")
            time.sleep(0.5)
        else:
            raise RuntimeError("Odoo did not start within 60 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        subprocess.run(["dropdb", "--if-exists", E2E_DB], check=False)


class Client:
    """A logged-in web client session: JSON-RPC calls as the browser makes them."""

    def __init__(self, url, login, password=None, lang="en_US"):
        self.url = url
        self.lang = lang
        self.session = requests.Session()
        result = self._post(
            "/web/session/authenticate",
            {"db": E2E_DB, "login": login, "password": password or login},
        )
        self.uid = result["uid"]

    def _post(self, path, params):
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=60,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": self.lang})
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data", {})
        super().__init__(data.get("message") or error.get("message"))
        self.name = data.get("name", "")
        self.message = data.get("message", "")


@pytest.fixture(scope="session")
def login(server):
    def _login(user, password=None, lang="en_US"):
        return Client(server, user, password, lang)

    return _login
