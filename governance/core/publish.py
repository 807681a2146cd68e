"""Publishing a run's outputs as one unit: staged in a private folder, swapped into place, never half-written.

A run renders every output into `out/.staging/<pid>-<random>/<folder>`, a copy of the current `out/<folder>`
made of hard links (so the files the run does not rewrite, another campaign's report or documents outside
`--only`, are kept). The caller commits its store, then `publish` swaps each staged folder into place:

- on Linux one `renameat2(RENAME_EXCHANGE)` exchanges the two folders atomically; the old one, now in the
  staging folder, is deleted;
- elsewhere (or on a file system without it) the current folder is renamed aside, the staged one renamed in,
  the old one deleted. A `publishing` marker written first tells the next run to finish the swap when a kill
  fell between the two renames.

So a kill at any point leaves each output folder old or new, never a mix, and its leftovers only under
out/.staging/. Every run starts by deleting the staging folders of processes no longer alive. The copy leaves
out temporary files of dead processes and the `.kit-staging-*` folders earlier versions left behind.

A file in a staged folder may be a hard link to the published one: writers must replace files (write a new
file and rename it, or unlink first: `Staging.write_bytes`), never rewrite them in place.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from governance.core.atomic import temporary_owner
from governance.core.faults import checkpoint
from governance.core.problems import InputError, Problem

STAGING_DIR = ".staging"
LEGACY_STAGING = ".kit-staging-"  # the kit's staging folders before issue 10, left in out/ by a kill
MARKER = "publishing"  # written in a staging folder once its store is committed: its folders are final
ASIDE = ".old"  # where the fallback swap puts the current folder
STALE_AFTER = 24 * 3600  # a staging folder this old is stale even if its pid is alive again (reused)


@dataclass
class Staging:
    """One run's staging folder under out/.staging/ and the output folders staged in it."""

    out_dir: Path
    root: Path
    folders: list[str] = field(default_factory=list)  # relative to out/, posix, in the order staged

    def folder(self, relative: str | Path) -> Path:
        """The staged copy of out/<relative>, made on first use (hard links to the current files)."""
        name = _relative(relative)
        staged = self.root / name
        if name in self.folders:
            return staged
        for other in self.folders:
            if _nested(name, other):
                raise ValueError(f"{name!r} and {other!r} overlap: stage one folder or the other")
        current = self.out_dir / name
        if current.is_dir():
            _link_tree(current, staged)
        else:
            staged.mkdir(parents=True, exist_ok=True)
        self.folders.append(name)
        return staged

    def path(self, relative: str | Path) -> Path:
        """Where out/<relative> is written in this staging (inside a folder staged with `folder`)."""
        name = _relative(relative)
        if not any(name.startswith(f + "/") for f in self.folders):
            raise ValueError(f"{name!r} is not in a staged folder ({', '.join(self.folders) or 'none'})")
        return self.root / name

    def final(self, staged: Path | str) -> Path:
        """Where a staged path will be once published: out/<its path under the staging folder>."""
        return self.out_dir / Path(staged).relative_to(self.root)

    def write_bytes(self, staged: Path, data: bytes) -> Path:
        """Write a staged file as a new file (it may be a hard link to the published one: never write through)."""
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.unlink(missing_ok=True)
        staged.write_bytes(data)
        return staged


def begin(out_dir: Path | str) -> Staging:
    """Clean up the staging left by dead runs, then make this run's own staging folder."""
    out_dir = Path(out_dir)
    clean_stale(out_dir)
    for _attempt in range(3):  # another run may remove an empty out/.staging between mkdir calls
        root = out_dir / STAGING_DIR / f"{os.getpid()}-{secrets.token_hex(4)}"
        try:
            root.mkdir(parents=True)
            return Staging(out_dir, root)
        except FileNotFoundError:
            continue
    root.mkdir(parents=True)
    return Staging(out_dir, root)


def publish(staging: Staging, label: str) -> list[Path]:
    """Swap every staged folder into out/ (the caller has committed its store); return the published folders.

    `label` names the command's checkpoints (`<label>:publishing`, see governance.core.faults)."""
    _write_marker(staging)
    published = []
    for name in staging.folders:
        target = staging.out_dir / name
        try:
            _swap(staging.root / name, target, staging.root / ASIDE / name, label)
        except PermissionError as exc:  # Windows: a file of the folder is open in Word or Excel
            raise InputError(
                [
                    Problem(
                        f"out/{name}",
                        f"cannot be replaced ({exc.strerror}): close the documents open in it and run the command "
                        "again (the store is already up to date)",
                        code="output-folder-in-use",
                    )
                ]
            ) from None
        published.append(target)
    discard(staging)
    return published


def discard(staging: Staging) -> None:
    """Delete this run's staging folder (and out/.staging when no other run uses it)."""
    shutil.rmtree(staging.root, ignore_errors=True)
    _remove_if_empty(staging.root.parent)


@contextmanager
def staged_outputs(out_dir: Path | str) -> Iterator[Staging]:
    """A run's staging: whatever happens in the block (an error, a refusal), nothing of it is left behind.
    Publish inside the block, after committing the store."""
    staging = begin(out_dir)
    try:
        yield staging
    finally:
        discard(staging)


def clean_stale(out_dir: Path | str) -> list[Path]:
    """Delete the staging folders of runs no longer alive, finishing a swap a kill interrupted; return them."""
    out_dir = Path(out_dir)
    removed = []
    if out_dir.is_dir():
        for path in out_dir.iterdir():
            if path.name.startswith(LEGACY_STAGING) and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    base = out_dir / STAGING_DIR
    if not base.is_dir():
        return removed
    for root in base.iterdir():
        if not _stale(root):
            continue
        if (root / MARKER).is_file():
            _recover(Staging(out_dir, root, _read_marker(root)))
        if root.is_dir():
            shutil.rmtree(root, ignore_errors=True)
        else:
            root.unlink(missing_ok=True)
        removed.append(root)
    _remove_if_empty(base)
    return removed


def pid_alive(pid: int) -> bool:
    """Whether process `pid` runs (on this machine)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) would terminate it on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


# ------------------------------------------------------------------------------------------- internals


def _relative(relative: str | Path) -> str:
    path = PurePosixPath(Path(relative).as_posix())
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts):
        raise ValueError(f"{relative!r} is not a folder under out/")
    if path.parts[0] in (STAGING_DIR, MARKER, ASIDE):
        raise ValueError(f"{relative!r} is a name the staging itself uses")
    return path.as_posix()


def _nested(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _leftover(entry: os.DirEntry) -> bool:
    """What a copy leaves out: temporary files of dead processes, staging folders of earlier versions."""
    if entry.name.startswith(LEGACY_STAGING):
        return True
    owner = temporary_owner(entry.name)
    # A live writer's temporary file is linked: its rename still lands, in the new folder.
    return owner is not None and not pid_alive(owner)


def _link_tree(source: Path, target: Path) -> None:
    """`target` as a copy of `source` whose files are hard links (copies where links are not possible)."""
    link = True
    pending = [(source, target)]
    while pending:
        src, dst = pending.pop()
        dst.mkdir(parents=True, exist_ok=True)
        with os.scandir(src) as entries:
            for entry in entries:
                if _leftover(entry):
                    continue
                to = dst / entry.name
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), to)
                elif entry.is_dir():
                    pending.append((Path(entry.path), to))
                elif link:
                    try:
                        os.link(entry.path, to)
                    except OSError:  # FAT, some network shares: copies instead, for the rest of the tree too
                        link = False
                        shutil.copy2(entry.path, to)
                else:
                    shutil.copy2(entry.path, to)


def _swap(staged: Path, target: Path, aside: Path, label: str) -> None:
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staged, target)
        checkpoint(f"{label}:publishing")
        return
    if _exchange(staged, target):
        checkpoint(f"{label}:publishing")
        shutil.rmtree(staged, ignore_errors=True)  # now the old folder
        return
    aside.parent.mkdir(parents=True, exist_ok=True)
    os.rename(target, aside)
    checkpoint(f"{label}:aside")  # the one moment out/<folder> is missing: the next run finishes the swap
    try:
        os.rename(staged, target)
    except OSError:
        os.rename(aside, target)  # the old folder back rather than none
        raise
    checkpoint(f"{label}:publishing")
    shutil.rmtree(aside, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two folders in one atomic step (Linux renameat2); False when the system cannot."""
    if sys.platform != "linux":
        return False
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # glibc before 2.28, or another C library
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # the file system does not exchange
    raise OSError(code, os.strerror(code), str(b))


def _write_marker(staging: Staging) -> None:
    marker = staging.root / MARKER
    marker.write_text(json.dumps(staging.folders), encoding="utf-8")
    with open(marker, "rb+") as handle:  # on disk before any swap: the next run relies on it
        os.fsync(handle.fileno())


def _read_marker(root: Path) -> list[str]:
    try:
        folders = json.loads((root / MARKER).read_text(encoding="utf-8"))
        return [_relative(f) for f in folders]
    except (OSError, ValueError, TypeError):
        return []


def _recover(staging: Staging) -> None:
    """Finish the swap of a run killed after its commit: a folder renamed aside whose new one was not renamed
    in yet is renamed in now (the store already describes it)."""
    for name in staging.folders:
        target, staged = staging.out_dir / name, staging.root / name
        if not target.exists() and staged.is_dir() and (staging.root / ASIDE / name).is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staged, target)


def _stale(root: Path) -> bool:
    pid = root.name.split("-", 1)[0]
    if not pid.isdigit() or not pid_alive(int(pid)):
        return True
    try:
        return time.time() - root.stat().st_mtime > STALE_AFTER
    except OSError:
        return True


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:  # not empty (another run), or already gone
        pass
