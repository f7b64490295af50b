"""A throwaway PostgreSQL server on loopback for the shared-database tests.

``EXPORTMATCH_TEST_POSTGRES_URL`` (an admin URL such as
``postgresql://postgres@127.0.0.1:54329/postgres``) names a running server. Without it,
a server is started from the machine's PostgreSQL binaries in a temporary folder and
stopped at the end of the session. When neither is possible the PostgreSQL variants of
the tests are skipped with the reason, unless ``EXPORTMATCH_REQUIRE_POSTGRES=1`` (set by
CI) turns that into a failure.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ENV_URL = "EXPORTMATCH_TEST_POSTGRES_URL"
ENV_REQUIRE = "EXPORTMATCH_REQUIRE_POSTGRES"


def _find_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LocalPostgres:
    """A PostgreSQL server in a temporary folder, run as a non-root user when we are root."""

    def __init__(self) -> None:
        self.initdb = _find_bin("initdb")
        self.pg_ctl = _find_bin("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.tmp = Path(tempfile.mkdtemp(prefix="exportmatch-pg-"))
        self.data = self.tmp / "data"
        self.port = _free_port()
        self.user_prefix: list[str] = []
        if os.geteuid() == 0:
            # initdb refuses to run as root: use the postgres system account.
            shutil.chown(self.tmp, "postgres")
            self.user_prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self.user_prefix, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def start(self) -> str:
        """Initialise and start the server; return an admin URL."""
        assert self.initdb and self.pg_ctl
        self._run(
            self.initdb,
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            self.pg_ctl,
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "-l",
            str(self.tmp / "server.log"),
            "start",
        )
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.pg_ctl and self.data.exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.tmp, ignore_errors=True)


def wait_until_ready(url: str, seconds: float = 30) -> None:
    """Wait for the server at ``url`` to accept connections."""
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(url, connect_timeout=3):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
