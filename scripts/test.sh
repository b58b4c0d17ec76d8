#!/usr/bin/env bash
# Runs every test against a real PostgreSQL (found or started), the portal's in a headless
# Chromium (installed when missing), then the fault tests (scripts/faults.sh); non-zero exit
# on any failure.
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
source scripts/lib/postgres.sh
source scripts/lib/browser.sh

ensure_postgres postgres
ensure_browser

# Databases left by an interrupted run, and the template (rebuilt from migrations/ each run).
if command -v psql >/dev/null 2>&1; then
  stale=$(ph_psql "$DATABASE_URL" "SELECT datname FROM pg_database WHERE datname LIKE 'partnerhub\_test\_%'")
  for db in $stale; do
    ph_psql "$DATABASE_URL" "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  done
fi

ph_say "running the test suite"
cargo test --workspace --all-targets --locked "$@"
scripts/faults.sh
