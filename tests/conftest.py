"""Shared fixtures: build the bundled sample once, and make small projects to break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-21"


def run_kohyo(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `kohyo` command as an editor would, in `cwd`."""
    return subprocess.run([sys.executable, "-m", "kohyo.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The bundled sample built into a temporary folder; returns its build/ folder."""
    out = tmp_path_factory.mktemp("sample") / "build"
    result = run_kohyo("build", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert result.returncode == 0, result.stderr + result.stdout
    return out


@pytest.fixture(scope="session")
def site(sample_build) -> Path:
    return sample_build / "site"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def mini(tmp_path) -> Path:
    """A small valid project: the real configuration and theme, with a few pages of content."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(ROOT / "content" / "_data", tmp_path / "content" / "_data")
    c = tmp_path / "content"
    write(c / "index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](plan/index.md)と[第1章](plan/01-first.md#targets)へのリンク。
        """)
    write(c / "plan" / "index.md", """
        ---
        type: publication
        title: テスト計画（素案）
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        概要です。[第1章](01-first.md)、[第2章](02-second.md)。
        """)
    write(c / "plan" / "01-first.md", """
        ---
        title: 最初の章
        ---

        ## 1 目標 {#targets}

        本文です。

        ## 2 次の節

        [第2章の節](02-second.md#detail)を参照。
        """)
    write(c / "plan" / "02-second.md", """
        ---
        title: 二番目の章
        ---

        ## 1 詳細 {#detail}

        本文です。
        """)
    return tmp_path
