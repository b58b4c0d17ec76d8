# Finds or starts PostgreSQL and exports DATABASE_URL. Sourced by run.sh, test.sh and bench.sh.
#
#   ensure_postgres DBNAME
#
# DATABASE_URL set: used as it is (the server must answer).
# Otherwise: a server already on 127.0.0.1:${PGPORT:-5432}; else the machine's cluster is
# started (root, Debian's pg_ctlcluster); else a private trust-auth cluster is created in
# .pgdata/ and started (any user). No PostgreSQL at all: a clear message, exit 1.

PH_ROOT=${PH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

ph_say() { printf '==> %s\n' "$*" >&2; }
ph_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ph_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then echo "$dir"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  if command -v pg_config >/dev/null 2>&1; then pg_config --bindir; return; fi
}

ph_answers() { # host port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$1" -p "$2" -t 2
  else
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
  fi
}

ph_wait_until_ready() { # host port
  local i
  for i in $(seq 1 60); do
    ph_answers "$1" "$2" && return 0
    sleep 0.5
  done
  return 1
}

ph_install_postgres() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    ph_say "PostgreSQL is not installed; installing it with apt-get"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
      || ph_die "could not install PostgreSQL; install it (apt-get install postgresql) or set DATABASE_URL"
  else
    ph_die "PostgreSQL is not installed. Install it (e.g. sudo apt-get install postgresql) or set DATABASE_URL to a reachable server."
  fi
}

ph_start_system_cluster() { # port
  local conf version
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  conf=$(ls -d /etc/postgresql/*/main 2>/dev/null | sort -V | tail -n 1)
  [ -n "$conf" ] || return 1
  version=$(basename "$(dirname "$conf")")
  ph_say "starting the machine's PostgreSQL $version cluster"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || return 1
  ph_wait_until_ready 127.0.0.1 "$1"
}

ph_start_private_cluster() { # port
  local bindir data run_as=()
  bindir=$(ph_bindir)
  data=${PARTNERHUB_PGDATA:-$PH_ROOT/.pgdata}
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root: run the private cluster as the postgres user.
    id postgres >/dev/null 2>&1 || ph_die "no postgres user to run PostgreSQL as; set DATABASE_URL"
    mkdir -p "$data" && chown postgres "$data"
    run_as=(runuser -u postgres --)
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    ph_say "creating a private PostgreSQL cluster in $data"
    "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null \
      || ph_die "initdb failed in $data"
  fi
  ph_say "starting the private PostgreSQL cluster on 127.0.0.1:$1"
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $1 -k $data -c listen_addresses=127.0.0.1" start >/dev/null \
    || ph_die "PostgreSQL did not start; see $data/server.log"
  ph_wait_until_ready 127.0.0.1 "$1"
}

ph_psql() { # URL SQL
  psql "$1" -v ON_ERROR_STOP=1 -qtAc "$2"
}

ensure_postgres() {
  local dbname=${1:-partnerhub} host=127.0.0.1 port=${PGPORT:-5432}
  if [ -n "${DATABASE_URL:-}" ]; then
    ph_say "using DATABASE_URL"
    return 0
  fi
  if ! ph_answers "$host" "$port"; then
    [ -n "$(ph_bindir)" ] || ph_install_postgres
    if [ "$(id -u)" = 0 ]; then
      ph_start_system_cluster "$port" || ph_start_private_cluster "$port"
    else
      ph_start_private_cluster "$port"
    fi
    ph_answers "$host" "$port" || ph_die "PostgreSQL is not answering on $host:$port"
  fi
  local server="postgres://postgres@$host:$port"
  if command -v psql >/dev/null 2>&1; then
    if [ -z "$(ph_psql "$server/postgres" "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
      ph_say "creating database $dbname"
      ph_psql "$server/postgres" "CREATE DATABASE $dbname" || ph_die "could not create database $dbname"
    fi
  fi
  export DATABASE_URL="$server/$dbname"
}
