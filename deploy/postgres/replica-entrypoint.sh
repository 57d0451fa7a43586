#!/bin/sh
# Entrypoint of the read-only replica (postgres image, started as root).
# First start (empty data directory): copy the primary with pg_basebackup -R, which
# writes standby.signal and primary_conninfo, so PostgreSQL starts as a hot standby
# that streams the primary's WAL. Later starts: the copy is there, start as usual.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "replica: waiting for the primary $PRIMARY_HOST"
    until pg_isready -q -h "$PRIMARY_HOST" -p "${PRIMARY_PORT:-5432}"; do sleep 2; done
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    echo "replica: copying the primary into $PGDATA"
    PGPASSWORD="$GOV_REPLICATION_PASSWORD" gosu postgres pg_basebackup \
        -h "$PRIMARY_HOST" -p "${PRIMARY_PORT:-5432}" -U replicator \
        -D "$PGDATA" -R -X stream -c fast
fi
exec docker-entrypoint.sh "$@"
