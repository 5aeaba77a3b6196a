#!/bin/bash
# docker-compose: one database per owner, as the local stack creates them (devstack's Infrastructure.DATABASES), each
# owned by a login role of the same name whose password comes from the environment (docker-compose.yml gives the
# postgres container <NAME>_DB_PASSWORD from VAXLINE_DB_<NAME>_PASSWORD). Only this script runs as the superuser:
# each service logs in as the owner of its own database and may not connect to the others.
# The image runs it once, when the data volume is empty (/docker-entrypoint-initdb.d).
set -e

vaxline_database() {
    local name=$1 password=$2
    if [ -z "$password" ]; then
        echo "postgres-init: no password for the database user $name" >&2
        return 1
    fi
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

vaxline_database registry "${REGISTRY_DB_PASSWORD:-}"
vaxline_database booking "${BOOKING_DB_PASSWORD:-}"
vaxline_database certificates "${CERTIFICATES_DB_PASSWORD:-}"
vaxline_database notifier "${NOTIFIER_DB_PASSWORD:-}"
vaxline_database records "${RECORDS_DB_PASSWORD:-}"
vaxline_database care "${CARE_DB_PASSWORD:-}"
