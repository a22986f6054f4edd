# Shared by scripts/lab and scripts/test: make .venv and install the project into it.
# Idempotent: reinstalls only when pyproject.toml (or the extra asked for) changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRA="${1:-}"

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.10 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
      echo "$candidate"; return 0
    fi
  done
  echo "jupyter_state needs Python >= 3.10 (python3.11 recommended); none found on PATH." >&2
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  PY="$(pick_python)"
  echo "==> creating $VENV with $PY"
  "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
fi

STAMP="$VENV/.installed${EXTRA:+-$EXTRA}"
WANT="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  echo "==> installing jupyter_state${EXTRA:+[$EXTRA]} into .venv"
  spec="$ROOT"; [ -n "$EXTRA" ] && spec="$ROOT[$EXTRA]"
  "$VENV/bin/python" -m pip install -q -e "$spec" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import jupyter_state" # fails loudly if the install did not work
  echo "$WANT" > "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
