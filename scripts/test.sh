#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, and every test (storage on SQLite and
# PostgreSQL, HTTP, CLI and headless-Chromium browser tests). Installs and starts what the
# tests need, so it works on a fresh machine; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

need_root() { if [ "$(id -u)" -ne 0 ]; then echo "sudo"; fi; }

# Browser tests drive Debian's Chromium through chromedriver.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! fc-list 2>/dev/null | grep -qi "tlwg\|thai"; then
  echo "== installing chromium, chromium-driver and Thai fonts (for screenshots)"
  $(need_root) apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $(need_root) apt-get install -y -qq chromium chromium-driver fonts-thai-tlwg >/dev/null
fi

# Storage tests need PostgreSQL; start the local cluster if it is not answering.
PGURL="${OTOP_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! (command -v pg_isready >/dev/null && pg_isready -q -d "$PGURL"); then
  if command -v pg_ctlcluster >/dev/null; then
    echo "== starting PostgreSQL"
    $(need_root) pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -d "$PGURL" && break; sleep 1; done
  fi
fi
pg_isready -q -d "$PGURL" || { echo "PostgreSQL is not reachable at $PGURL — the storage tests need it"; exit 1; }

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked "$@"
