#!/usr/bin/env bash
# Make sure uv is on PATH (a fresh machine has Python 3.11 and pip, nothing else).
set -euo pipefail
if ! command -v uv >/dev/null 2>&1; then
  echo "==> installing uv with pip" >&2
  python3 -m pip install --quiet uv >&2 || python3 -m pip install --quiet --user uv >&2
fi
command -v uv >/dev/null 2>&1 || { echo "uv not found after install; add ~/.local/bin to PATH" >&2; exit 1; }
