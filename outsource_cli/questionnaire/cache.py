"""A per-user cache of validated catalogs, so that a run with unchanged question sets skips
parsing, schema building and validation (most of a short command's cost).

- Where: ``$OUTSOURCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/outsource-cli``, else
  ``~/.cache/outsource-cli``. ``OUTSOURCE_NO_CACHE=1`` turns it off.
- Key: this tool's version and code, Python's version, and every question-set file's name,
  size and modification time. Only catalogs that passed every check are written.
- Safety: entries are pickles *this tool* wrote from validated models, never question-set text
  executed as code. The folder is created private (0700); an entry is read only if it is a
  regular file owned by the current user and not writable by others. Any problem with the
  cache (unreadable, corrupt, full disk) falls back to loading the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from outsource_cli import __version__

PACKAGE = Path(__file__).resolve().parent.parent


def directory() -> Path | None:
    if os.environ.get("OUTSOURCE_NO_CACHE"):
        return None
    if os.environ.get("OUTSOURCE_CACHE_DIR"):
        return Path(os.environ["OUTSOURCE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outsource-cli"


def key(folder: Path, files: list[Path]) -> str | None:
    digest = hashlib.sha256(f"{__version__}\0{sys.version}\0{folder.resolve()}".encode())
    try:
        for path in [*sorted(PACKAGE.rglob("*.py")), *files]:
            st = path.stat()
            digest.update(f"\0{path.name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def _entry(k: str) -> Path | None:
    folder = directory()
    return None if folder is None else folder / f"catalog-{k}.pickle"


def read(k: str | None) -> object | None:
    path = _entry(k) if k else None
    if path is None:
        return None
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        with path.open("rb") as fh:
            value: object = pickle.load(fh)  # written by this tool, in a private folder
        return value
    except Exception:  # a missing, stale or corrupt entry is simply a miss
        return None


def write(k: str | None, value: object) -> None:
    path = _entry(k) if k else None
    if path is None:
        return
    with contextlib.suppress(Exception):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        entries = sorted(path.parent.glob("catalog-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-16]:  # keep the 16 newest
            old.unlink(missing_ok=True)
