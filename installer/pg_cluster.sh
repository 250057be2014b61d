#!/usr/bin/env bash
# A throwaway PostgreSQL/PostGIS cluster for tests and demos (issue 19).
#
#   installer/pg_cluster.sh start DIR   initdb + pg_ctl on a free port of 127.0.0.1 only, in a
#                                       temporary folder; prints the connection URL
#   installer/pg_cluster.sh stop DIR    stops the cluster and removes it and DIR
#   installer/pg_cluster.sh url DIR     prints the URL again
#
# DIR (created; must not hold a cluster already) receives:
#   url       postgresql://cordon@127.0.0.1:PORT/cordon  (no password in it)
#   port      the port
#   pgpass    a libpq password file for the superuser `cordon` (mode 0600): export
#             PGPASSFILE=DIR/pgpass to connect without a password in the URL
#   password  the superuser's password (random; tests use it to send a wrong one)
#   datadir   where the cluster lives (a mktemp folder under $TMPDIR or /tmp)
# Databases: `cordon` with the PostGIS extension, `plain` without it. The server listens on
# 127.0.0.1 only (and on a Unix socket in its data folder), password (scram-sha-256) for TCP.
# initdb refuses to run as root: as root the cluster runs as the `postgres` system user (made
# by the postgresql package) through runuser. fsync is off: a throwaway cluster.
# Needs Debian postgresql-15 and postgresql-15-postgis-3 (installer/debian-packages.txt).
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
action=${1:-}
dir=${2:-}
if [[ -z $action || -z $dir ]]; then
    echo "usage: $0 start|stop|url DIR" >&2
    exit 2
fi

as_owner() { # runs a command as the cluster's owner
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case $action in
start)
    if [[ ! -x $bin/initdb ]]; then
        echo "$0: no PostgreSQL in $bin (apt-get install postgresql-15 postgresql-15-postgis-3)" >&2
        exit 2
    fi
    if [[ -e $dir/datadir ]]; then
        echo "$0: $dir holds a cluster already (stop it first)" >&2
        exit 2
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    data=$(mktemp -d "${TMPDIR:-/tmp}/cordon-pg.XXXXXX")
    chmod 755 "$data"
    echo "$data" >"$dir/datadir"
    if [[ $(id -u) == 0 ]]; then chown postgres: "$data"; fi
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    pwfile=$data/pwfile
    (umask 077 && echo "$password" >"$pwfile")
    if [[ $(id -u) == 0 ]]; then chown postgres: "$pwfile"; fi
    as_owner "$bin/initdb" -D "$data/data" -U cordon --pwfile="$pwfile" -A scram-sha-256 \
        --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 || {
        cat "$data/initdb.log" >&2
        exit 1
    }
    rm -f "$pwfile"
    started=
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
        if as_owner "$bin/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
            >/dev/null 2>&1; then
            started=1
            break
        fi
    done
    if [[ -z $started ]]; then
        echo "$0: the cluster did not start; $data/server.log says:" >&2
        tail -5 "$data/server.log" >&2 || true
        exit 1
    fi
    echo "$port" >"$dir/port"
    (umask 077 && echo "$password" >"$dir/password" &&
        echo "127.0.0.1:$port:*:cordon:$password" >"$dir/pgpass")
    psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U cordon)
    as_owner "${psql[@]}" -d postgres -c "CREATE DATABASE cordon" -c "CREATE DATABASE plain" >/dev/null
    as_owner "${psql[@]}" -d cordon -c "CREATE EXTENSION postgis" >/dev/null
    echo "postgresql://cordon@127.0.0.1:$port/cordon" >"$dir/url"
    cat "$dir/url"
    ;;
stop)
    [[ -f $dir/datadir ]] || exit 0
    data=$(cat "$dir/datadir")
    if [[ -d $data/data ]]; then
        as_owner "$bin/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case $data in
    */cordon-pg.*) rm -rf "$data" ;;
    esac
    rm -f "$dir/datadir" "$dir/port" "$dir/pgpass" "$dir/password" "$dir/url"
    rmdir "$dir" 2>/dev/null || true
    ;;
url)
    cat "$dir/url"
    ;;
*)
    echo "usage: $0 start|stop|url DIR" >&2
    exit 2
    ;;
esac
