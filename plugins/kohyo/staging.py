"""Never half-publish: a build is made in a new release folder and made current in one step.

Layout of the build folder:

    build/releases/<id>/site, print   one folder per finished build (only the current one is kept)
    build/current -> releases/<id>    the one switch: replaced by a single rename, so readers see
                                      either the old release or the new one, never a mix
    build/site -> current/site        stable paths for README, CI and servers
    build/print -> current/print
    build/.lock                       one build at a time per build folder

A build that fails, is killed or is stopped leaves the current release untouched; its unfinished
release folder is removed now or by the next build.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

RELEASES = "releases"
CURRENT = "current"
OUTPUTS = ("site", "print")


class BuildBusy(Exception):
    """Another build holds the build folder."""


@contextmanager
def _locked(build_dir: Path):
    handle = open(build_dir / ".lock", "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise BuildBusy(str(build_dir)) from exc
            raise
        yield
    finally:
        handle.close()


def _current_release(build_dir: Path) -> str | None:
    link = build_dir / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def _clean_leftovers(build_dir: Path) -> None:
    """Folders of builds that were killed (we hold the lock, so none is running)."""
    keep = _current_release(build_dir)
    for path in build_dir.glob(".staging-*"):  # layout before releases/
        shutil.rmtree(path, ignore_errors=True)
    for path in [*build_dir.glob(".old-*"), *build_dir.glob(f".{CURRENT}-*")]:
        shutil.rmtree(path, ignore_errors=True) if not path.is_symlink() else path.unlink()
    releases = build_dir / RELEASES
    if releases.is_dir():
        for path in releases.iterdir():
            if f"{RELEASES}/{path.name}" != keep:
                shutil.rmtree(path, ignore_errors=True)


def _stable_links(build_dir: Path) -> None:
    for name in OUTPUTS:
        path = build_dir / name
        if path.is_symlink():
            continue
        if path.exists():  # a real folder from the layout before releases/: the new release replaces it
            shutil.rmtree(path)
        path.symlink_to(f"{CURRENT}/{name}")


@contextmanager
def staged(build_dir: Path):
    """Yield an empty release folder; on success it becomes current in one rename.

    On any exception the release folder is removed and the build folder is left as it was.
    Raises BuildBusy when another build of the same folder is running.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    with _locked(build_dir):
        _clean_leftovers(build_dir)
        (build_dir / RELEASES).mkdir(exist_ok=True)
        release = Path(tempfile.mkdtemp(prefix="", dir=build_dir / RELEASES))
        os.chmod(release, 0o755)  # mkdtemp's 0700 would hide the site from a web server's user
        try:
            yield release
            for name in OUTPUTS:
                (release / name).mkdir(exist_ok=True)
            previous = _current_release(build_dir)
            switch = build_dir / f".{CURRENT}-{release.name}"
            switch.symlink_to(f"{RELEASES}/{release.name}")
            os.replace(switch, build_dir / CURRENT)  # the one atomic step
        except BaseException:
            shutil.rmtree(release, ignore_errors=True)
            raise
        _stable_links(build_dir)
        if previous:
            shutil.rmtree(build_dir / previous, ignore_errors=True)
