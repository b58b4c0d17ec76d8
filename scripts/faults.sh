#!/usr/bin/env bash
# Fault tests: kill -9 of serve under load, PostgreSQL restarted under load, a receiver down
# for the whole retry schedule, SIGTERM under load. Each test starts a PostgreSQL cluster of
# its own in a temporary directory (never the machine's) and prints its figures.
# scripts/test.sh runs this after the suite.
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
source scripts/lib/postgres.sh

[ -n "$(ph_bindir)" ] || ph_install_postgres
ph_say "fault tests against private PostgreSQL clusters"
cargo test -p partnerhub-server --test faults --locked "$@" -- --ignored --nocapture --test-threads=1
