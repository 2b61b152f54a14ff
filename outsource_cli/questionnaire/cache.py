"""A per-user cache of validated catalogs, so that a run with unchanged question sets skips
parsing and the meaning checks.

- Where: ``$OUTSOURCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/outsource-cli``, else
  ``~/.cache/outsource-cli``. ``OUTSOURCE_NO_CACHE=1`` turns it off.
- Key: a SHA-256 of this tool's version and code, Python's version, the folder, and the
  *content* of every question-set file read (so a same-size edit with its modification time
  restored is a new key). Only catalogs that passed every check are written.
- Format: JSON data only (the validated parts as plain values, each tagged with its kind),
  never code: an entry is parsed with :func:`json.loads`, and used only when it carries this
  user's signature (an HMAC with a random key kept in the folder), so a planted or corrupt
  entry can at worst be a miss. No pickle, shelve or marshal.
- Safety: the folder must be a directory owned by the current user and not writable by group
  or others (a symbolic link to it must be the user's own too); it is opened once and every
  entry is opened relative to it with ``O_NOFOLLOW``, checked with ``fstat`` (a regular file
  owned by the user, not writable by group or others), and written through a new temporary
  file and an atomic rename. The signing key is checked the same way; a damaged key (a
  first write cut short) or one readable by others is replaced. A folder, entry or key that
  fails these checks is not used, and :class:`CacheRefused` says why (the shell prints it as
  one warning line); other problems (unreadable, corrupt, full disk) are silent misses.
- Its own folder only: the cache never writes, replaces or prunes a file it did not make.
  It uses a folder only when every name in it is one the cache makes (its entries, its key,
  its tag and their temporary files); a folder with any other file (``$OUTSOURCE_CACHE_DIR``
  pointed at a project, a home folder, ``/``) is not used at all, with one warning. It writes
  only into a folder it made (tagged with a ``CACHEDIR.TAG`` of its own, which also keeps it
  out of backups) or verified as its own: an empty one, or one made by an earlier version
  (a valid key, and every entry signed with it), which it then tags.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from outsource_cli import __version__

PACKAGE = Path(__file__).resolve().parent.parent
FORMAT = 4  # of an entry: bump when its shape changes
SECRET = "secret"  # a random key, private to the user, that signs the entries
MAX_ENTRY_BYTES = 64 * 1024 * 1024
KEEP = 16  # entries kept (the newest)
TAG = "CACHEDIR.TAG"  # https://bford.info/cachedir/: the mark of a folder this cache made
TAG_TEXT = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This folder is the catalog cache of outsource-cli: it holds nothing but the cache's\n"
    b"# own files, and can be deleted at any time.\n"
)
_HEX = frozenset("0123456789abcdef")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class CacheRefused(Exception):
    """The cache folder (or an entry in it) is not safe to use; the message says why."""


def directory() -> Path | None:
    if os.environ.get("OUTSOURCE_NO_CACHE"):
        return None
    if os.environ.get("OUTSOURCE_CACHE_DIR"):
        return Path(os.environ["OUTSOURCE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "outsource-cli"


def key(folder: Path, contents: Iterable[tuple[str, bytes]]) -> str:
    """The key of a catalog: a hash of the tool, Python, the folder and every file's content."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0".encode())
    with contextlib.suppress(OSError):  # the code (development checkouts change it in place)
        for name, size, mtime in _code_files(str(PACKAGE)):
            digest.update(f"{name}\0{size}\0{mtime}\0".encode("utf-8", "surrogateescape"))
    digest.update(f"{folder.resolve()}\0".encode("utf-8", "surrogateescape"))
    for name, data in contents:
        digest.update(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _code_files(top: str) -> list[tuple[str, int, int]]:
    """(path under ``top``, size, modification time) of every Python file of the package,
    sorted (os.scandir: a pathlib walk costs a millisecond of every cached start-up)."""
    found: list[tuple[str, int, int]] = []
    folders = [top]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    found.append((entry.path[len(top) :], st.st_size, st.st_mtime_ns))
    return sorted(found)


def _check(st: os.stat_result, what: str, is_kind: Any) -> None:
    if not is_kind(st.st_mode):
        raise CacheRefused(
            f"{what} is not a {'folder' if is_kind is stat.S_ISDIR else 'regular file'}"
        )
    if st.st_uid != os.getuid():
        raise CacheRefused(f"{what} is owned by another user (uid {st.st_uid})")
    if st.st_mode & 0o022:
        raise CacheRefused(f"{what} is writable by group or others (mode {st.st_mode & 0o777:o})")


def _is_entry_name(name: str) -> bool:
    """``catalog-KEY.json`` with KEY a SHA-256 in hex: the name of an entry this cache makes."""
    k = name.removeprefix("catalog-").removesuffix(".json")
    return name == _name(k) and len(k) == 64 and set(k) <= _HEX


def _is_own_name(name: str) -> bool:
    """A name the cache makes: an entry, the key, the tag, or a temporary file of one of them
    (``.NAME-PID-RANDOM.tmp``, see :func:`_write_file`)."""
    if name in (SECRET, TAG) or _is_entry_name(name):
        return True
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    parts = name[1:-4].rsplit("-", 2)
    if len(parts) != 3:
        return False
    base, pid, token = parts
    own = base in (SECRET, TAG) or _is_entry_name(base)
    return own and pid.isdigit() and len(token) == 8 and set(token) <= _HEX


@contextlib.contextmanager
def _folder(create: bool) -> Iterator[int | None]:
    """A descriptor of the cache folder once it passed the checks; None when there is none.

    :class:`CacheRefused` when the folder is not safe to use (not a folder, another user's,
    writable by others, holding files the cache did not make) or, when ``create`` (to write
    in it), not one it made or verified as its own."""
    folder = directory()
    made = False
    if folder is not None and create:
        made_now = _make(folder)
        if made_now is None:
            folder = None
        made = bool(made_now)
    fd = None if folder is None else _open(folder)
    if folder is None or fd is None:
        yield None  # no folder, or missing (nothing cached yet) or unreadable: a miss
        return
    try:
        yield fd if _usable(fd, folder, create, made) else None
    finally:
        os.close(fd)


def _make(folder: Path) -> bool | None:
    """Make the cache folder: True when this made it, False when it was there (it is then
    checked as any folder that was there), None when it cannot be made."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return False
    except OSError:
        return None
    return True


def _open(folder: Path) -> int | None:
    """A descriptor of ``folder`` (never through another user's link); None when it is
    missing or unreadable."""
    try:
        link = os.lstat(folder)
    except NotADirectoryError:
        raise CacheRefused(f"cache folder {folder} is under a file, not a folder") from None
    except OSError:
        return None
    if stat.S_ISLNK(link.st_mode) and link.st_uid != os.getuid():
        raise CacheRefused(
            f"cache folder {folder} is a symbolic link owned by another user (uid {link.st_uid})"
        )
    try:
        return os.open(folder, os.O_RDONLY | os.O_NONBLOCK | _DIRECTORY)
    except NotADirectoryError:
        raise CacheRefused(f"cache folder {folder} is {_what(folder)}") from None
    except OSError:
        return None


def _usable(fd: int, folder: Path, create: bool, made: bool) -> bool:
    """Whether the open folder may be used (:class:`CacheRefused` when it is not safe); to
    write in (``create``), it must be the cache's own and tagged so (False: it cannot be)."""
    _check(os.fstat(fd), f"cache folder {folder}", stat.S_ISDIR)
    names = os.listdir(fd)
    foreign = sorted(n for n in names if not _is_own_name(n))
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if foreign[3:] else "")
        raise CacheRefused(
            f"cache folder {folder} holds files the cache did not make ({shown}); "
            "give it a folder of its own (OUTSOURCE_CACHE_DIR)"
        )
    if create and not (made or _own_folder(fd, names)):
        raise CacheRefused(
            f"cache folder {folder} was not made by this tool (no {TAG} of its own, and "
            "files it cannot verify as its own); give it a folder of its own "
            "(OUTSOURCE_CACHE_DIR)"
        )
    # a folder it cannot tag: not written to
    return not create or TAG in names or _write_file(dir_fd=fd, name=TAG, data=TAG_TEXT)


def _what(path: Path) -> str:
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.stat(path).st_mode):
            return "a file, not a folder"
    return "not a folder"


def _own_folder(dir_fd: int, names: list[str]) -> bool:
    """Whether the folder (holding only names the cache makes) is the cache's own: tagged by
    it, empty, or made by an earlier version (its key is valid and signs every entry)."""
    if TAG in names:
        return _read_file(dir_fd, TAG, f"cache tag {TAG}", len(TAG_TEXT)) == TAG_TEXT
    if not any(not n.startswith(".") for n in names):
        return True  # empty, but for temporary files of its own names
    secret = _secret(dir_fd, create=False)
    if secret is None:
        return False
    for name in names:
        if _is_entry_name(name):
            raw = _read_file(dir_fd, name, f"cache entry {name}", MAX_ENTRY_BYTES)
            mac, _, body = (raw or b"").partition(b"\n")
            if not hmac.compare_digest(mac, _mac(secret, body)):
                return False
    return True


def _name(k: str) -> str:
    return f"catalog-{k}.json"


def read(k: str) -> dict[str, Any] | None:
    """The data stored under ``k``, or None on a miss. :class:`CacheRefused` for an unsafe
    folder or entry."""
    with _folder(create=False) as dir_fd:
        if dir_fd is None:
            return None
        raw = _read_file(dir_fd, _name(k), f"cache entry {_name(k)}", MAX_ENTRY_BYTES)
        if raw is None or len(raw) > MAX_ENTRY_BYTES:
            return None
        secret = _secret(dir_fd, create=False)
    mac, _, body = raw.partition(b"\n")
    if secret is None or not hmac.compare_digest(mac, _mac(secret, body)):
        return None  # not signed by this user's tool: a miss (and rewritten)
    try:
        data = json.loads(body)
    except ValueError:  # pragma: no cover - signed, so written whole by this tool
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != k:
        return None
    return data


def _read_file(
    dir_fd: int, name: str, what: str, limit: int, *, private: bool = False
) -> bytes | None:
    """The bytes of ``name`` in the folder; None when it is not there, cannot be read, is over
    ``limit`` bytes, or (``private``) can be read by others. :class:`CacheRefused` when it is
    not a regular file of this user's that only they can write (a symbolic link, a folder, a
    FIFO: never followed, never waited on)."""
    try:
        fd = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symbolic link
            raise CacheRefused(f"{what} is a symbolic link") from None
        return None
    try:
        st = os.fstat(fd)
        _check(st, what, stat.S_ISREG)  # before any read: a folder cannot be read
        if st.st_size > limit or (private and st.st_mode & 0o077):
            return None
        with os.fdopen(fd, "rb") as fh:
            fd = -1  # closed with fh
            # its size and one byte more (a read of `limit` bytes would set aside that much)
            return fh.read(st.st_size + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)


def _mac(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.sha256).hexdigest().encode()


def _secret(dir_fd: int, *, create: bool) -> bytes | None:
    """The user's signing key (32 random bytes in the verified folder, mode 0600): an entry
    signed with it was written by this tool for this user, so it needs no validating again.

    None when there is none yet, or when it is damaged (not 32 bytes: a first write cut
    short) or readable by others: then, when ``create``, a new key takes its place (the
    entries signed with the old one become misses). :class:`CacheRefused` when ``secret`` is
    not a regular file of this user's (a symbolic link, a folder, a FIFO)."""
    value = _read_file(dir_fd, SECRET, f"cache key {SECRET}", 64, private=True)
    if value is not None and len(value) == 32:
        return value
    if not create:
        return None
    value = os.urandom(32)
    return value if _write_file(dir_fd, SECRET, value) else None


def write(k: str, data: dict[str, Any]) -> None:
    """Store ``data`` (plain JSON values) under ``k``; any failure leaves the cache as it was.
    :class:`CacheRefused` for an unsafe folder."""
    body = json.dumps({"format": FORMAT, "key": k, **data}, separators=(",", ":")).encode()
    with _folder(create=True) as dir_fd:
        if dir_fd is None:
            return
        secret = _secret(dir_fd, create=True)
        if secret is None:
            return
        _write_file(dir_fd, _name(k), _mac(secret, body) + b"\n" + body)
        _prune(dir_fd)


def _write_file(dir_fd: int, name: str, data: bytes) -> bool:
    """``data`` as ``name`` in the folder, through a new private file (``O_EXCL``, mode 0600)
    renamed into place; False, with nothing left behind, when that fails."""
    tmp = f".{name}-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp, dir_fd=dir_fd)
        return False
    return True


def _prune(dir_fd: int) -> None:
    """Remove all but the newest :data:`KEEP` entries: regular files of this user's with an
    entry's name, in the folder the cache made or verified as its own."""
    with contextlib.suppress(OSError):
        entries = []
        for name in os.listdir(dir_fd):
            if _is_entry_name(name):
                with contextlib.suppress(OSError):
                    st = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid():
                        entries.append((st.st_mtime_ns, name))
        for _, name in sorted(entries)[:-KEEP]:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=dir_fd)
