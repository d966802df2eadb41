"""A throwaway PostgreSQL server for the store tests, started once per test session.

`pg_server` finds Debian's server binaries (initdb, pg_ctl on PATH or in
/usr/lib/postgresql/<version>/bin), installs the `postgresql` package with apt-get when
they are absent and the tests run as root, creates a cluster in a temporary directory,
starts it on a free loopback port (as the `postgres` user when running as root: initdb
refuses root) and stops it and deletes the directory at the end of the session. `pg_url`
gives each test a new, empty database on it.

Where the server cannot be had the tests skip with the reason; with CI=true they fail
instead, since CI installs PostgreSQL and nothing may skip there.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
import sqlalchemy as sa

DEBIAN_BIN = Path("/usr/lib/postgresql")
"""Where Debian's postgresql-NN packages put initdb, pg_ctl and postgres: <version>/bin."""

INSTALL_TIMEOUT_S = 900
START_ATTEMPTS = 3
"""A free port is found by binding port 0 and letting go, so another process may take it
before the server binds; starting again on a new port settles that."""

PREFIX = "cw-pg-"
OWNER_FILE = "pytest.pid"
"""In the server's folder: the test session that owns it, so a later session can stop a
server whose session was killed before its teardown."""

_databases = itertools.count()


def unavailable(reason: str) -> NoReturn:
    """Skip, or in CI (where PostgreSQL must be there) fail, with the reason."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI and {reason}", pytrace=False)
    pytest.skip(reason)


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's newest version."""
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).resolve().parent
    versions = sorted(
        (
            path
            for path in DEBIAN_BIN.glob("*/bin")
            if (path / "initdb").exists() and (path / "pg_ctl").exists()
        ),
        key=lambda path: [int(part) for part in re.findall(r"\d+", path.parent.name)],
    )
    return versions[-1] if versions else None


def install_postgresql() -> str | None:
    """apt-get install postgresql; the reason it cannot, or None when it did."""
    if os.geteuid() != 0:
        return (
            "the PostgreSQL server (initdb, pg_ctl) is absent and the tests do not run as root to install it"
        )
    if shutil.which("apt-get") is None:
        return "the PostgreSQL server (initdb, pg_ctl) is absent and there is no apt-get to install it"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "postgresql"]):
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=INSTALL_TIMEOUT_S, check=False
        )
        if done.returncode != 0:
            tail = " ".join(done.stderr.split()[-40:])
            return f"`{' '.join(command)}` failed with exit code {done.returncode}: {tail}"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running throwaway cluster: `url(name)` addresses one of its databases."""

    bin: Path
    base: Path
    port: int
    as_user: list[str]

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new, empty database; its URL."""
        name = f"cw_test_{os.getpid()}_{next(_databases)}"
        admin = sa.create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            admin.dispose()
        return self.url(name)

    def pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.pg_ctl("-o", options, "-l", str(self.base / "server.log"), "-w", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop", check=False)


def _run_as() -> list[str]:
    """The command prefix that runs the server as a non-root user."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        unavailable("the tests run as root and there is no runuser to start PostgreSQL as `postgres`")
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        unavailable("the tests run as root and there is no `postgres` user to run the server as")
    return [runuser, "-u", "postgres", "--"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_abandoned(bin_dir: Path, as_user: list[str]) -> None:
    """Stop the servers of test sessions that were killed before their teardown ran."""
    for owner in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/{OWNER_FILE}"):
        try:
            pid = int(owner.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        base = owner.parent
        PostgresServer(bin_dir, base, 0, as_user).stop()
        shutil.rmtree(base, ignore_errors=True)


def start_server() -> PostgresServer:
    bin_dir = find_binaries()
    if bin_dir is None:
        reason = install_postgresql()
        if reason is not None:
            unavailable(reason)
        bin_dir = find_binaries()
        if bin_dir is None:
            unavailable(f"apt-get installed postgresql but no initdb/pg_ctl is on PATH or in {DEBIAN_BIN}")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("the psycopg driver is not installed (pip install 'conflictwire[postgres]')")
    as_user = _run_as()
    stop_abandoned(bin_dir, as_user)
    base = Path(tempfile.mkdtemp(prefix=PREFIX))
    (base / OWNER_FILE).write_text(str(os.getpid()), encoding="utf-8")
    if as_user:
        account = pwd.getpwnam("postgres")
        os.chown(base, account.pw_uid, account.pw_gid)
    server = PostgresServer(bin_dir, base, free_port(), as_user)
    initdb = [*as_user, str(bin_dir / "initdb"), "-D", str(server.data), "-A", "trust", "-U", "postgres"]
    done = subprocess.run([*initdb, "--no-sync"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        unavailable(f"initdb failed: {' '.join(done.stderr.split())}")
    for attempt in range(START_ATTEMPTS):
        try:
            server.start()
            return server
        except subprocess.CalledProcessError as exc:
            if attempt == START_ATTEMPTS - 1:
                log = (base / "server.log").read_text(errors="replace")[-2000:]
                shutil.rmtree(base, ignore_errors=True)
                unavailable(f"the server did not start ({' '.join((exc.stderr or '').split())}): {log}")
            server.port = free_port()
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """A new, empty database on the session's server."""
    return pg_server.create_database()
