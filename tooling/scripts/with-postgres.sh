#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then stops and deletes it.
#
#   bash tooling/scripts/with-postgres.sh <command> [args...]
#
# The command sees DATABASE_URL (database reseller_test) and PG_ADMIN_URL (database
# postgres, for tests that create their own databases). Uses Debian's postgresql, and
# installs it with apt-get when it is missing and we are root. Exits with the
# command's exit code.
set -euo pipefail

log() { printf 'with-postgres: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$#" -gt 0 ] || die "usage: with-postgres.sh <command> [args...]"
command -v node >/dev/null 2>&1 || die "node is required (to pick a free port)"

find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    printf '%s\n' "$dir"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

is_root=false
[ "$(id -u)" -eq 0 ] && is_root=true

pg_bin=$(find_pg_bin)
if [ -z "$pg_bin" ]; then
  if $is_root && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL not found: installing Debian's postgresql with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    pg_bin=$(find_pg_bin)
  fi
  [ -n "$pg_bin" ] || die "no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH; install PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql)"
fi
# Client tools from the same installation when it has them, else from PATH.
pg_tool() { if [ -x "$pg_bin/$1" ]; then printf '%s\n' "$pg_bin/$1"; else command -v "$1" || die "$1 not found"; fi; }
psql_bin=$(pg_tool psql)
pg_isready_bin=$(pg_tool pg_isready)

# initdb and postgres refuse to run as root: as root, run them as the postgres system user.
if $is_root; then
  if ! id -u postgres >/dev/null 2>&1; then
    log "creating the system user postgres"
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) is required to run PostgreSQL as root"
fi
as_pg() {
  # From the work dir: the caller's directory may be closed to the postgres user.
  if $is_root; then (cd "$work_dir" && runuser -u postgres -- "$@"); else (cd "$work_dir" && "$@"); fi
}

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
data_dir="$work_dir/data"
setup_log="$work_dir/initdb.log"
server_log="$work_dir/postgres.log"
child=""

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -f "$data_dir/postmaster.pid" ]; then
    if ! as_pg "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w -t 30 stop >/dev/null 2>&1; then
      local pid
      pid=$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null || true)
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$work_dir"
  exit "$status"
}
on_signal() {
  # Bash ignores SIGINT in background jobs, so ask the command to stop with TERM either way.
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

show_log() { tail -n 30 "$1" >&2 2>/dev/null || true; }

$is_root && chown postgres: "$work_dir"
if ! as_pg "$pg_bin/initdb" -D "$data_dir" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$setup_log" 2>&1; then
  show_log "$setup_log"
  die "initdb failed"
fi

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Another process can take the port between the probe and the start: try a few.
port=""
for _attempt in 1 2 3; do
  candidate=$(free_port)
  if as_pg "$pg_bin/pg_ctl" -D "$data_dir" -l "$server_log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $candidate -k '$work_dir' -c fsync=off -c max_connections=200" \
    start >/dev/null 2>&1; then
    port=$candidate
    break
  fi
done
if [ -z "$port" ]; then
  show_log "$server_log"
  die "PostgreSQL did not start"
fi

for _ in $(seq 1 60); do
  "$pg_isready_bin" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres && break
  sleep 0.5
done
"$pg_isready_bin" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres || { show_log "$server_log"; die "PostgreSQL is not accepting connections"; }

"$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
  -c "CREATE DATABASE reseller_test"

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/reseller_test"
export PG_ADMIN_URL="postgres://postgres@127.0.0.1:$port/postgres"
log "PostgreSQL $("$pg_bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $work_dir)"

# In the background so a signal reaches the traps at once; <&0 keeps our stdin for it.
"$@" <&0 &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
