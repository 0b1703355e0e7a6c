"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp dir, Unix socket only."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

#: Settings of a test cluster: nothing to keep, so no fsync (the crash tests stop it with -m immediate,
#: which a cluster survives without fsync as long as the machine does not go down).
TEST_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian's layout first), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres() -> list[str]:
    # initdb refuses to run as root; the cluster then belongs to the postgres user.
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Cluster:
    """One cluster in its own temp dir; ``url`` reaches it as the superuser over its socket."""

    def __init__(self, bindir: Path, *, settings: dict[str, str] | None = None) -> None:
        self.bindir = bindir
        self.settings = TEST_SETTINGS if settings is None else settings
        # Short, under /tmp: a Unix socket path is limited to about 100 bytes.
        self.dir = Path(tempfile.mkdtemp(prefix="wa-pg-", dir="/tmp"))
        self.data = self.dir / "data"
        self.log = self.dir / "log"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C")
        self.url = f"postgresql://postgres@/postgres?host={quote(str(self.dir), safe='/')}"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*_as_postgres(), str(self.bindir / tool), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.dir)

    def start(self) -> Cluster:
        options = " ".join([f"-k {self.dir}", "-c listen_addresses=''"]
                           + [f"-c {k}={v}" for k, v in self.settings.items()])
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "-t", "60",
                  "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        """Stop the cluster if it runs and remove every file of it."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def with_schema(url: str, schema: str) -> str:
    """url with every connection working in ``schema`` (its search_path): one test's own tables."""
    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-c search_path={schema}')}"
