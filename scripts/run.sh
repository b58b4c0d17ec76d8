#!/usr/bin/env bash
# Runs PartnerHub on 127.0.0.1:8080: finds or starts PostgreSQL, migrates, creates a demo
# partner on first run (printing its API key and a link into the portal), and serves.
set -euo pipefail
PH_ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$PH_ROOT"
source scripts/lib/postgres.sh

ensure_postgres partnerhub
export PARTNERHUB_BIND=${PARTNERHUB_BIND:-127.0.0.1:8080}
export PARTNERHUB_LOG_FORMAT=${PARTNERHUB_LOG_FORMAT:-pretty}

ph_say "building partnerhub (release)"
cargo build --release --quiet -p partnerhub-server
bin=target/release/partnerhub

"$bin" migrate

# The operator API needs a token: make one on first run, kept in .env (read by partnerhub).
if [ -z "${PARTNERHUB_ADMIN_TOKEN:-}" ] && ! grep -qs '^PARTNERHUB_ADMIN_TOKEN=' .env; then
  token=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  printf 'PARTNERHUB_ADMIN_TOKEN=%s\n' "$token" >>.env
  printf '\n  Operator API token (saved in .env):  %s\n' "$token"
fi
partners=$(ph_psql "$DATABASE_URL" "SELECT count(*) FROM partners")
if [ "$partners" = 0 ]; then
  demo=$("$bin" partner create --name "Demo Partner" --email demo@partnerhub.local)
  key=$(printf '%s' "$demo" | sed -E 's/.*"api_key":"([^"]+)".*/\1/')
  id=$(printf '%s' "$demo" | sed -E 's/.*"partner_id":([0-9]+).*/\1/')
  invitation=$("$bin" partner invite --id "$id" --email demo@partnerhub.local)
  link=$(printf '%s' "$invitation" | sed -E 's/.*"url":"([^"]+)".*/\1/')
  cat <<MSG

  Demo partner created. Its API key is shown only this once:

      $key

  Try:  curl -s -H "X-API-Key: $key" http://$PARTNERHUB_BIND/app/partners/api/v1/account

  The partner portal: open this link (valid 72 hours, once) to choose a password for
  demo@partnerhub.local, then sign in at http://$PARTNERHUB_BIND/app/partners/login

      $link

  (A new link any time: target/release/partnerhub partner invite --id $id --email demo@partnerhub.local)

MSG
fi

ph_say "serving on http://$PARTNERHUB_BIND"
exec "$bin" serve
