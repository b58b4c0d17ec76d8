#!/usr/bin/env bash
# Runs schemathesis (from PyPI) against the served OpenAPI document: every operation, with a
# partner key, the operator token and real ids, every check. Exits non-zero on any failure.
# Not part of scripts/test.sh: it installs a Python tool and takes minutes.
#   scripts/schemathesis.sh [extra `st run` options, e.g. --max-examples 100]
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
source scripts/lib/postgres.sh

PORT=${PARTNERHUB_SCHEMATHESIS_PORT:-8283}
TOKEN=schemathesis-operator-token
ensure_postgres postgres
SERVER_URL=${DATABASE_URL%/*}
ph_psql "$DATABASE_URL" "DROP DATABASE IF EXISTS partnerhub_schemathesis WITH (FORCE)" >/dev/null
ph_psql "$DATABASE_URL" "CREATE DATABASE partnerhub_schemathesis" >/dev/null
export DATABASE_URL="$SERVER_URL/partnerhub_schemathesis"

command -v st >/dev/null 2>&1 || python3 -m pip install --quiet schemathesis
ph_say "building partnerhub"
cargo build --quiet -p partnerhub-server
bin=target/debug/partnerhub
"$bin" migrate
created=$("$bin" partner create --name "Fuzzed Partner" --email fuzz@partnerhub.local --rate-limit-per-hour 1000000)
key=$(printf '%s' "$created" | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
"$bin" partner create --name "Operator Target" --email target@partnerhub.local >/dev/null
"$bin" funding-type add "Term Loan" >/dev/null

export PARTNERHUB_BIND=127.0.0.1:$PORT PARTNERHUB_ADMIN_TOKEN=$TOKEN RUST_LOG=warn
export PARTNERHUB_WEBHOOK_ALLOW_PRIVATE=true PARTNERHUB_VALIDATE_PER_SECOND=1000000
"$bin" serve --no-worker 2>"$PH_ROOT/target/schemathesis-server.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
base=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

# Real resources for the path parameters.
partner_api=$base/app/partners/api/v1
lead=$(curl -fs -X POST "$partner_api/leads/submit" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
  -d '{"first_name":"John","last_name":"Doe","date_of_birth":"1985-03-15","residential_street":"1 Main St","residential_city":"Austin","residential_state":"TX","residential_zip":"73301"}')
reference=$(printf '%s' "$lead" | sed -E 's/.*"reference_id":"([^"]+)".*/\1/')
code=$(curl -fs "$partner_api/account" -H "X-API-Key: $key" | sed -E 's/.*"referral_code":"([^"]+)".*/\1/')
webhook=$(curl -fs -X POST "$partner_api/webhooks" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
  -d '{"url":"http://127.0.0.1:9/hook"}' | sed -E 's/.*"webhook":\{"id":([0-9]+).*/\1/')
delivery=$(curl -fs -X POST "$partner_api/webhooks/$webhook/test" -H "X-API-Key: $key" | sed -E 's/.*"delivery_id":([0-9]+).*/\1/')
application=$(curl -fs -X POST "$partner_api/applications" -H 'Content-Type: application/json' \
  -d '{"name":"Applicant","email":"applicant@partnerhub.local"}' | sed -E 's/.*"application_id":([0-9]+).*/\1/')

config=$(mktemp)
cat >"$config" <<TOML
[parameters]
"path.reference_id" = "$reference"
"path.referral_code" = "$code"
"path.name" = "Term Loan"

[[operations]]
include-path-regex = "^/app/admin/api/v1/partners/"
parameters = { "path.id" = 2 }

[[operations]]
include-path-regex = "^/app/admin/api/v1/payouts/"
parameters = { "path.id" = 1 }

[[operations]]
include-path-regex = "^/app/admin/api/v1/applications/"
parameters = { "path.id" = $application }

[[operations]]
include-path-regex = "^/app/partners/api/v1/webhooks/\\\\{id\\\\}"
parameters = { "path.id" = $webhook }

[[operations]]
include-path-regex = "^/app/partners/assets/"
parameters = { "path.name" = "portal.js" }

[[operations]]
include-path-regex = "^/app/partners/api/v1/webhooks/deliveries/"
parameters = { "path.id" = $delivery }

# Rules no JSON Schema states, where a request the document allows may still be refused:
# an end_date before the start_date (two parameters);
[[operations]]
include-path-regex = "^/app/partners/api/v1/(leads|referrals/stats)\$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 404, 429]

# the same for the export, the funnel and the series, whose range may also hold more than
# 1,000 points;
[[operations]]
include-path-regex = "^/app/partners/api/v1/(leads/export.csv|referrals/stats/(stages|timeseries)|referrer/earnings/timeseries)\$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 404, 429]

# an invitation's token, which only its person has (made-up ones are 410), and signing in
# with made-up credentials (401; after 50 failures from one address, 429);
[[operations]]
include-path-regex = "^/app/partners/(invitations/|session\$)"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 403, 404, 409, 410, 429]

# a parent or partner id that must name an existing partner;
[[operations]]
include-path-regex = "^/app/admin/api/v1/partners"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 404, 409]

# an application decided already (409), an email in use (409), ten applications an hour
# from one address (429), a lead that is not flagged (409), a date range the wrong way
# round in the back office's lists (400);
[[operations]]
include-path-regex = "^/app/admin/api/v1/applications/"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 404, 409]

[[operations]]
include-path-regex = "^/app/partners/api/v1/applications\$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 409, 429]

[[operations]]
include-path-regex = "^/app/admin/api/v1/leads/[^/]+/flags/"
checks.positive_data_acceptance.expected-statuses = ["2XX", 401, 404, 409]

[[operations]]
include-path-regex = "^/app/admin/api/v1/leads/export.csv\$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401]

# the lead validator's semantic rules (a date of birth not in the future nor over 120
# years ago, an active funding type, a parseable consent record when tcpa_consent is true,
# a partner_id that exists), and an Idempotency-Key reused with another body (422).
[[operations]]
include-path-regex = "^/app/(partners/api/v1/leads/(submit|validate)|admin/api/v1/(leads|referrals/[^/]+/convert))\$"
checks.positive_data_acceptance.expected-statuses = ["2XX", 400, 401, 404, 409, 422, 429]
TOML

ph_say "schemathesis against $base/openapi.json"
st --config-file "$config" run "$base/openapi.json" \
  --checks all --phases examples,coverage,fuzzing --max-examples 25 --workers 2 \
  -H "X-API-Key: $key" -H "Authorization: Bearer $TOKEN" \
  --report junit --report-dir "$PH_ROOT/target/schemathesis" "$@"
