"""Real SPARQL servers for the store tests: an Oxigraph server (the `oxigraph` PyPI package's binary)
and Virtuoso (Debian's virtuoso-opensource), each started on a free loopback port in a temp directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port

ENGINE_TIMEOUT_S = 30
"""The Oxigraph server's own query time limit (`--timeout-s`, the pass-through of COUNCILKG_QUERY_TIMEOUT),
generous for the shared test servers on a busy machine; the timeout tests start one with a short limit."""


@dataclass
class ServerProcess:
    name: str
    port: int
    directory: Path
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait(process: subprocess.Popen, url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not answer within {timeout}s: {log.read_text(errors='replace')[-2000:]}")


def missing(binary: str, reason: str) -> None:
    """Skip (outside CI) or fail (in CI, where the binary must have been installed) when a server is absent."""
    message = f"{binary} not found: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def start_oxigraph(directory: Path, timeout_s: int = ENGINE_TIMEOUT_S) -> ServerProcess:
    binary = oxigraph_binary()
    if binary is None:
        missing("oxigraph", "install the test extras (`pip install -e .[test]`, which installs the oxigraph server)")
    port = free_port()
    directory.mkdir(parents=True, exist_ok=True)
    log = directory / "oxigraph.log"
    process = subprocess.Popen([binary, "serve", "--location", str(directory / "data"), "--bind",
                                f"127.0.0.1:{port}", "--timeout-s", str(timeout_s)],
                               stdout=log.open("ab"), stderr=subprocess.STDOUT)
    _wait(process, f"http://127.0.0.1:{port}/query", log, 30)
    return ServerProcess("oxigraph", port, directory, process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def start_virtuoso(directory: Path) -> ServerProcess:
    """Virtuoso in the foreground on free ports, with a fresh database in `directory` (user dba/dba)."""
    binary = virtuoso_binary()
    if binary is None:
        missing("virtuoso-t", "apt-get install virtuoso-opensource (.ci/system-packages.sh does this in CI)")
    http_port, sql_port = free_port(), free_port()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vsp").mkdir(exist_ok=True)
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = directory / "stdout.log"
    process = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=directory,
                               stdout=log.open("ab"), stderr=subprocess.STDOUT)
    _wait(process, f"http://127.0.0.1:{http_port}/sparql", log, 120)
    return ServerProcess("virtuoso", http_port, directory, process)
