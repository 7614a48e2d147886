"""The fingerprint key: a secret that lives outside git.

The guard must hold on a clone without `private/` (CI), so what it matches against is committed:
keyed fingerprints (HMAC-SHA256) of the private values, never the values or plain hashes (a
dictionary of names would undo a plain hash). The key comes from the environment variable
KOHYO_PRIVACY_KEY, which CI gets as a secret. The bundled sample is fictional and carries its
demo key inside its own fingerprint file, marked as sample data, so a fresh clone builds.
"""

from __future__ import annotations

import hmac
import os

ENV = "KOHYO_PRIVACY_KEY"
MIN_LENGTH = 32


def from_env() -> bytes | None:
    value = os.environ.get(ENV, "").strip()
    return value.encode("utf-8") if value else None


def usable(key: bytes) -> bool:
    return len(key) >= MIN_LENGTH


def key_id(key: bytes) -> str:
    """Tells which key made a fingerprint file, without revealing it."""
    return tag(key, "kohyo-key-id")


def tag(key: bytes, text: str, size: int = 16) -> str:
    """The keyed fingerprint of an already folded value (hex, `size` bytes)."""
    return hmac.digest(key, text.encode("utf-8"), "sha256")[:size].hex()


def new_key() -> str:
    import secrets

    return secrets.token_hex(32)
