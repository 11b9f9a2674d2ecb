"""Write files and sets of files so that a reader sees the old content or the new, never a mix.

One file (:func:`atomic_write`): the bytes go to a hidden temporary file beside the target,
``.<name>.<pid>-<random>.tmp``, are flushed to disk, and the file is renamed over the target
(``rename(2)`` is atomic). A process killed before the rename leaves only its temporary file;
the next write to the same target removes temporaries whose process is gone.

A set of files (:func:`publish_folder`), e.g. the GENIUS domain and profiles of
``ripeness export-genius -o OUT``, is published as a whole::

    OUT -> .OUT.v-<pid>-<random>/       a symbolic link to the current version
    .OUT.v-<pid>-<random>/              the current set of files
    .OUT.v-<pid>-<random>/              the previous set, kept until the next export

The new set is written into a fresh versioned folder beside ``OUT``, flushed, and a new link
is renamed over ``OUT``: one atomic switch. A reader that resolves ``OUT`` once
(``os.path.realpath``) reads one whole set; the previous set stays on disk until the next
export, which removes every version except the current one, and folders and links left by
killed processes. On systems without symbolic links (Windows without the privilege) each file
is replaced atomically but the set is not.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

__all__ = ["atomic_write", "clean_stale", "publish_folder"]

_TOKEN = re.compile(r"(\d+)-[0-9a-f]+")
#: Tokens of the writes under way in this process (its other tokens are left-overs).
_IN_PROGRESS: set[str] = set()


def _token() -> str:
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    _IN_PROGRESS.add(token)
    return token


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stale(token: str) -> bool:
    """Whether a token names a write that is over: its process is gone, or it is this
    process's and no longer under way."""
    m = _TOKEN.fullmatch(token)
    if m is None:
        return False
    if int(m[1]) == os.getpid():
        return token not in _IN_PROGRESS
    return not _alive(int(m[1]))


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_stale(target: str | os.PathLike[str]) -> list[Path]:
    """Remove temporary files of ``target`` left by processes that no longer run."""
    target = Path(target)
    removed = []
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for p in target.parent.iterdir():
            name = p.name
            token = name[len(prefix) : -len(".tmp")]
            if name.startswith(prefix) and name.endswith(".tmp") and _stale(token):
                with contextlib.suppress(OSError):
                    p.unlink()
                    removed.append(p)
    return removed


def atomic_write(
    path: str | os.PathLike[str], data: bytes | str, mode: int = 0o644, *, replace: bool = True
) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    On any error (or a signal) the temporary file is removed and ``path`` is untouched. With
    ``replace=False`` an existing ``path`` is never replaced, even one created meanwhile: the
    file is put in place by a hard link, which refuses an existing name (where the filesystem
    has no hard links, by a check and a move).

    Raises
    ------
    IsADirectoryError
        When ``path`` is a folder.
    FileExistsError
        With ``replace=False``, when ``path`` exists (nothing is written).
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder, not a file")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent if str(target.parent) else Path(".")
    clean_stale(target)
    token = _token()
    tmp = folder / f".{target.name}.{token}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, mode & ~umask)
        if replace:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    finally:
        _IN_PROGRESS.discard(token)
    _fsync_dir(folder)
    return target


def _place_new(tmp: Path, target: Path) -> None:
    """Move ``tmp`` to ``target`` unless ``target`` exists."""
    try:
        os.link(tmp, target)  # fails when target exists: never overwrites
    except FileExistsError:
        raise FileExistsError(f"{target} exists: give --force to replace it") from None
    except OSError:  # no hard links here (some filesystems): check, then move
        if target.exists():
            raise FileExistsError(f"{target} exists: give --force to replace it") from None
        os.replace(tmp, target)
    else:
        os.unlink(tmp)


def _versions(out: Path) -> list[Path]:
    prefix = f".{out.name}.v-"
    with contextlib.suppress(OSError):
        return [p for p in out.parent.iterdir() if p.name.startswith(prefix)]
    return []


def _current(out: Path) -> Path | None:
    """The version folder ``out`` links to; None when ``out`` does not exist.

    Raises
    ------
    FileExistsError
        When ``out`` exists but is not a link to a version folder (and not an empty folder).
    """
    if out.is_symlink():
        target = Path(os.readlink(out))
        if target.parent == Path(".") and target.name.startswith(f".{out.name}.v-"):
            return out.parent / target.name
        raise FileExistsError(f"{out} links to {target}, not to a ripeness export version")
    if out.is_dir():
        if any(out.iterdir()):
            raise FileExistsError(
                f"{out} is a folder of other files, not a ripeness export (a link to a versioned "
                "folder beside it): remove it, or write to a new name"
            )
        out.rmdir()
        return None
    if out.exists():
        raise FileExistsError(f"{out} exists and is not a folder")
    return None


def publish_folder(out: str | os.PathLike[str], fill: Callable[[Path], list[Path]]) -> list[Path]:
    """Write a set of files with ``fill(folder)`` and publish it as ``out`` in one switch.

    Parameters
    ----------
    out : path
        The folder readers use (a symbolic link to the current version; module docstring).
    fill : callable
        Writes the files into the folder it is given and returns their paths.

    Returns
    -------
    list of Path
        The files, as paths under ``out``.

    Raises
    ------
    FileExistsError
        When ``out`` exists and is not an export (a folder of other files, a file).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "symlink") or os.name != "posix":  # pragma: no cover - not on Linux
        out.mkdir(exist_ok=True)
        staging = out.parent / f".{out.name}.v-{_token()}"  # discarded below
        staging.mkdir()
        try:
            written = fill(staging)
            return [atomic_write(out / p.name, p.read_bytes()) for p in written]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    current = _current(out)
    for p in _versions(out):  # keep the current version and those being written
        if p != current and _stale(p.name.rsplit(".v-", 1)[1]):
            shutil.rmtree(p, ignore_errors=True)
    for p in out.parent.glob(f".{out.name}.link-*"):
        if _stale(p.name.rsplit(".link-", 1)[1]):
            with contextlib.suppress(OSError):
                p.unlink()
    token = _token()
    version = out.parent / f".{out.name}.v-{token}"
    version.mkdir()
    try:
        written = fill(version)
        for p in written:
            with open(p, "rb") as fh:
                os.fsync(fh.fileno())
        _fsync_dir(version)
        link = out.parent / f".{out.name}.link-{token}"
        os.symlink(version.name, link)
        os.replace(link, out)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        with contextlib.suppress(OSError):
            (out.parent / f".{out.name}.link-{token}").unlink()
        raise
    finally:
        _IN_PROGRESS.discard(token)
    _fsync_dir(out.parent)
    return [out / p.name for p in written]
