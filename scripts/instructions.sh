#!/usr/bin/env bash
# Counts the instructions (valgrind --tool=callgrind) of the hot paths, per operation:
# validating the seed's body, and building a lead.status_changed payload with its
# signatures (crates/domain/examples/instructions.rs); and what one POST /leads/submit costs
# the server, every thread of `serve` in user space, over a database it makes for the count.
# Instruction counts do not move with the machine's load, so a change against
# scripts/bench/instructions.recorded is the code's.
#   scripts/instructions.sh            prints the counts and the change against the record
#   scripts/instructions.sh --record   also writes them as the new record
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
source scripts/lib/postgres.sh
RECORDED=scripts/bench/instructions.recorded
TIMES=200

if ! command -v valgrind >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "valgrind is not installed: sudo apt-get install valgrind" >&2; exit 1; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
fi
cargo build --release --quiet -p partnerhub-domain --example instructions
cargo build --release --quiet -p partnerhub-server
bin=target/release/examples/instructions
out=$(mktemp -d)
trap 'kill "${serve_pid:-}" 2>/dev/null || true; rm -rf "$out"' EXIT

total() { # what times
  valgrind --tool=callgrind --callgrind-out-file="$out/$1-$2" "$bin" "$1" "$2" 2>/dev/null
  awk '/^summary:/ {print $2}' "$out/$1-$2"
}
# A run of one less a run of TIMES + 1: what is done once (compiling the validator's
# regular expressions) falls in both and cancels.
per_op() { # what
  local base many
  base=$(total "$1" 1)
  many=$(total "$1" $((TIMES + 1)))
  echo $(( (many - base) / TIMES ))
}

# `serve --no-worker` under callgrind, counted from the first submit after a warm-up: the
# submits go one after another over one keep-alive connection (curl), each a new lead.
# Sets `serve` to the instructions per submit.
SUBMITS=300
serve_submit() {
  local server partner_key port=${PARTNERHUB_INSTRUCTIONS_PORT:-8183}
  unset DATABASE_URL
  ensure_postgres postgres
  server=${DATABASE_URL%/*}
  ph_psql "$DATABASE_URL" "DROP DATABASE IF EXISTS partnerhub_instructions WITH (FORCE)" >/dev/null
  ph_psql "$DATABASE_URL" "CREATE DATABASE partnerhub_instructions" >/dev/null
  export DATABASE_URL=$server/partnerhub_instructions
  target/release/partnerhub migrate >/dev/null 2>&1
  partner_key=$(target/release/partnerhub partner create --name Count --email count@example.com \
    --rate-limit-per-hour 1000000 | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
  PARTNERHUB_BIND=127.0.0.1:$port RUST_LOG=info valgrind --tool=callgrind \
    --callgrind-out-file="$out/serve" target/release/partnerhub serve --no-worker >"$out/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  submits() { # first count
    local n
    for n in $(seq "$1" $(($1 + $2 - 1))); do
      [ "$n" = "$1" ] || echo next
      printf 'url = "http://127.0.0.1:%s/app/partners/api/v1/leads/submit"\n' "$port"
      printf 'header = "X-API-Key: %s"\nheader = "Content-Type: application/json"\n' "$partner_key"
      printf 'data = "{\\"first_name\\":\\"Ann%s\\",\\"last_name\\":\\"Lee\\",\\"date_of_birth\\":\\"1980-01-%02d\\",' \
        "$(tr 0-9 a-j <<<"$n")" $((n % 28 + 1))
      printf '\\"email\\":\\"count%d@example.com\\",\\"phone\\":\\"%010d\\",\\"residential_street\\":\\"%d Oak St\\",' "$n" $((5550000000 + n)) "$n"
      printf '\\"residential_city\\":\\"Austin\\",\\"residential_state\\":\\"TX\\",\\"residential_zip\\":\\"73301\\",'
      printf '\\"funding_type\\":\\"Term Loan\\",\\"utm_source\\":\\"bench\\"}"\n'
      printf 'write-out = "%%{http_code}\\n"\noutput = "/dev/null"\n'
    done >"$out/submits-$1"
    curl -sS -K "$out/submits-$1" | sort | uniq -c | awk '$2 != 200 {bad = 1} END {exit bad}' \
      || ph_die "a counted submit was not answered 200"
  }
  submits 1 50
  callgrind_control -z "$serve_pid" >/dev/null
  submits 51 "$SUBMITS"
  callgrind_control -d "$serve_pid" >/dev/null
  kill "$serve_pid"
  wait "$serve_pid" 2>/dev/null || true
  serve_pid=
  serve=$(awk -v n="$SUBMITS" '/^summary:/ {print int($2 / n)}' "$out/serve.1")
  ph_psql "$server/postgres" "DROP DATABASE partnerhub_instructions WITH (FORCE)" >/dev/null
}

validate=$(per_op validate)
webhook=$(per_op webhook)
serve_submit
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
echo "serve_instructions=$serve"
echo "serve_recorded=$(recorded serve || true)"
echo "serve_change=$(change "$serve" "$(recorded serve || echo 0)")"
if [ "${1:-}" = "--record" ]; then
  printf 'validate=%s\nwebhook=%s\nserve=%s\n' "$validate" "$webhook" "$serve" >"$RECORDED"
fi
