#!/usr/bin/env bash
# Prepare this machine for kohyo: Debian packages (installed when run as root) and the
# project's virtual environment in .venv, refreshed only when the pinned dependencies change.
#   scripts/setup.sh          what `make build` needs
#   scripts/setup.sh --test   plus what `make test` needs (Chromium, poppler)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho
  fonts-symbola)  # emoji and symbols: the PDF fonts' fallback (1.3 MB)
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium poppler-utils)
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
else
  echo "注意: dpkg-query がないため Debian パッケージを確認できません（Debian 12 以外の環境）。" >&2
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Debian パッケージをインストールします: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "必要な Debian パッケージがありません。次のコマンドを実行してから、もう一度試してください:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
stamp=.venv/.kohyo-installed
want=$(cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "仮想環境 .venv を準備しています（初回は数分かかります）..."
  "$python" -m venv .venv
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi
