#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL for the adapter-persistence tests, creates the role
# `onekyc` (password `onekyc`) and the database `onekyc_test`, waits until it accepts connections, and prints
# the line that points the tests at it:
#
#   eval "$(bash .ci/postgres.sh | tail -n 1)"    # sets BRIDGE_TEST_POSTGRES_URL
#
# Idempotent: running it again on a machine where all this is done only checks and prints.
# BRIDGE_TEST_POSTGRES_PORT: the port of the cluster; set, it moves an existing cluster there (5432 by default for a
# cluster this script creates).
# Needs root (Debian packages, the postgres system user). Listens on 127.0.0.1 only.
set -euo pipefail

ROLE=onekyc
PASSWORD=onekyc
DATABASE=onekyc_test
PORT="${BRIDGE_TEST_POSTGRES_PORT:-5432}"

log() { echo "postgres.sh: $*" >&2; }

# The package's cluster and ours take the locale from the environment: one that is not installed makes the cluster
# fail to be created, and none at all gives SQL_ASCII. C.UTF-8 is built into Debian's C library.
export LANG=C.UTF-8 LC_ALL=C.UTF-8

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (installs packages and starts the server as the postgres user)"
  exit 1
fi

if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q postgresql >&2
fi

# The newest installed major version, e.g. 15 on Debian 12.
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
CLUSTER=main

if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $CLUSTER"; then
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" -p "$PORT" --locale=C.UTF-8 -e UTF8 >&2
fi

# The package creates its cluster on 5432 when it is installed, before this script could give it a port: a port
# asked for with BRIDGE_TEST_POSTGRES_PORT moves the cluster there (restarted if it runs). Unset, the cluster keeps
# whatever port it has, and the URL printed below names it.
if [ -n "${BRIDGE_TEST_POSTGRES_PORT:-}" ]; then
  CURRENT_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"
  if [ "$CURRENT_PORT" != "$PORT" ]; then
    log "moving cluster $VERSION/$CLUSTER from port $CURRENT_PORT to $PORT (BRIDGE_TEST_POSTGRES_PORT)"
    pg_conftool "$VERSION" "$CLUSTER" set port "$PORT"
    if pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
      pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
    fi
  fi
fi

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  log "starting cluster $VERSION/$CLUSTER"
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2 || service postgresql start >&2
fi

CLUSTER_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

psql_admin() { runuser -u postgres -- psql -p "$CLUSTER_PORT" -v ON_ERROR_STOP=1 -qAt "$@"; }

for _ in $(seq 1 60); do
  if runuser -u postgres -- pg_isready -q -p "$CLUSTER_PORT"; then
    break
  fi
  sleep 1
done
if ! runuser -u postgres -- pg_isready -q -p "$CLUSTER_PORT"; then
  log "PostgreSQL did not accept connections within 60 s; see /var/log/postgresql/"
  exit 1
fi

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != "1" ]; then
  log "creating role $ROLE"
  psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
else
  psql_admin -c "ALTER ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
  log "creating database $DATABASE"
  psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
fi
# The tests create one schema per test class.
psql_admin -d "$DATABASE" -c "GRANT CREATE ON DATABASE $DATABASE TO $ROLE"

URL="jdbc:postgresql://127.0.0.1:$CLUSTER_PORT/$DATABASE?user=$ROLE&password=$PASSWORD"
# Password login over TCP must work, not only the postgres user's local socket.
for _ in $(seq 1 30); do
  if PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$CLUSTER_PORT" -U "$ROLE" -d "$DATABASE" -qAt -c 'SELECT 1' >/dev/null 2>&1; then
    log "ready on 127.0.0.1:$CLUSTER_PORT"
    echo "export BRIDGE_TEST_POSTGRES_URL='$URL'"
    exit 0
  fi
  sleep 1
done
log "role $ROLE cannot log in over TCP on 127.0.0.1:$CLUSTER_PORT (check pg_hba.conf)"
exit 1
