"""Never half-publish: outputs are written to a stage and swapped into build/ only on success."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged(build_dir: Path):
    """Yield an empty folder; on success its entries replace those of the same name in build_dir.

    On any exception the stage is removed and build_dir is left exactly as it was.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=build_dir))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    for entry in sorted(stage.iterdir()):
        target = build_dir / entry.name
        old = build_dir / f".old-{entry.name}-{os.getpid()}"
        if target.exists():
            target.rename(old)
        entry.rename(target)
        if old.exists():
            shutil.rmtree(old)
    stage.rmdir()
