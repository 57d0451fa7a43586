#!/bin/sh
# Run once by the postgres image on the primary's first start (docker-entrypoint-initdb.d):
# Odoo's role, without superuser rights (it may only create databases: one per city), and
# the role the streaming replica connects as. Passwords come from the environment
# (GOV_DB_PASSWORD, GOV_REPLICATION_PASSWORD), never from this file.
set -e
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
     -v pw="$GOV_DB_PASSWORD" -v rpw="$GOV_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE odoo LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD :'pw';
CREATE ROLE replicator LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'rpw';
SQL
# the image's "host all all all" line does not cover replication connections:
# allow the replication role from the compose network only
echo "host replication replicator samenet scram-sha-256" >> "$PGDATA/pg_hba.conf"
