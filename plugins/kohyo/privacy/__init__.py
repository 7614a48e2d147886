"""Submitters' personal data never published: keyed fingerprints, matching and the output guard."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from . import fingerprints, guard

# What editors and the site's configuration can put into outputs.
SOURCE_PATHS = ("mkdocs.yml", "overrides")


def load_guard(project) -> fingerprints.Loaded:
    """The matcher for every consultation of the project, with what keeps it from working."""
    from ..consultations.model import OPINIONS_FILE

    return fingerprints.load(project.root, "", [
        (c.id, project.shown(f"{c.folder}/{OPINIONS_FILE}"), any(o.receipt for o in c.opinions))
        for c in project.consultations])


def scan_sources(project, loaded: fingerprints.Loaded) -> list[Problem]:
    folders = [project.content_dir] + [project.root / p for p in SOURCE_PATHS if (project.root / p).exists()]
    return guard.scan_sources(loaded.matcher, Path(project.root), folders)


SAMPLE_KEY = "kohyo-sample-demo-key-not-secret-2026"  # the bundled fictional sample only


def import_key(root: Path, consultation: str) -> tuple[bytes, str | None]:
    """The key an import fingerprints with, and the sample key to record (bundled sample only).

    Raises ValueError with a Japanese message when no key is set up."""
    from . import keys

    env = keys.from_env()
    if env is not None:
        if not keys.usable(env):
            raise ValueError(f"環境変数 {keys.ENV} の鍵が短すぎます（{keys.MIN_LENGTH} 文字以上）。"
                             f"kohyo consult key で新しい鍵を作れます。")
        return env, None
    path = fingerprints.path_for(root, consultation)
    if path.is_file():
        import json

        try:
            sample = json.loads(path.read_text(encoding="utf-8")).get("sample_key")
        except ValueError:
            sample = None
        if sample:
            return sample.encode("utf-8"), sample
    raise ValueError(f"個人情報の照合用の鍵（環境変数 {keys.ENV}）が設定されていません。kohyo consult key で鍵を作り、"
                     "README の「個人情報の照合（鍵の設定）」のとおりに設定してから、もう一度取り込んでください。")


def record(root: Path, consultation: str, submissions: dict, key: bytes, sample_key: str | None) -> list[str]:
    """Write the consultation's fingerprint file from its private store; returns notices about
    values too generic to guard (one line each, naming the 受付番号, never the value)."""
    entries, unguarded = fingerprints.entries_for(key, submissions)
    fingerprints.write(root, consultation, key, entries, sample_key)
    return [f"{u.what}: {u.reason}" for u in unguarded]
