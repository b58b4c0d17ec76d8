#!/usr/bin/env bash
# Counts the instructions (valgrind --tool=callgrind) of two hot paths, per operation:
# validating the seed's body, and building a lead.status_changed payload with its
# signatures (crates/domain/examples/instructions.rs). Instruction counts do not move with
# the machine's load, so a change against scripts/bench/instructions.recorded is the code's.
#   scripts/instructions.sh            prints the counts and the change against the record
#   scripts/instructions.sh --record   also writes them as the new record
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
RECORDED=scripts/bench/instructions.recorded
TIMES=200

if ! command -v valgrind >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "valgrind is not installed: sudo apt-get install valgrind" >&2; exit 1; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
cargo build --release --quiet -p partnerhub-domain --example instructions
bin=target/release/examples/instructions
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

total() { # what times
  valgrind --tool=callgrind --callgrind-out-file="$out/$1-$2" "$bin" "$1" "$2" 2>/dev/null
  awk '/^summary:/ {print $2}' "$out/$1-$2"
}
per_op() { # what
  local base many
  base=$(total "$1" 0)
  many=$(total "$1" "$TIMES")
  echo $(( (many - base) / TIMES ))
}

validate=$(per_op validate)
webhook=$(per_op webhook)
recorded() { [ -f "$RECORDED" ] && awk -F= -v k="$1" '$1 == k {print $2}' "$RECORDED"; }
change() { # now recorded
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%+.1f%%", (a - b) * 100 / b; else print "no record" }'
}
echo "validate_instructions=$validate"
echo "validate_recorded=$(recorded validate || true)"
echo "validate_change=$(change "$validate" "$(recorded validate || echo 0)")"
echo "webhook_instructions=$webhook"
echo "webhook_recorded=$(recorded webhook || true)"
echo "webhook_change=$(change "$webhook" "$(recorded webhook || echo 0)")"
if [ "${1:-}" = "--record" ]; then
  printf 'validate=%s\nwebhook=%s\n' "$validate" "$webhook" >"$RECORDED"
fi
