# Start and stop a throwaway PostgreSQL server on 127.0.0.1 (sourced by .ci/run).
PG_DIR=""

pg_bin() {
    local found
    found=$(command -v "$1" 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
    echo "$found"
}

start_postgres() {
    local initdb pg_ctl port as_user=()
    initdb=$(pg_bin initdb)
    pg_ctl=$(pg_bin pg_ctl)
    PG_DIR=$(mktemp -d /tmp/exportmatch-ci-pg.XXXXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$PG_DIR"
        as_user=(runuser -u postgres --)
    fi
    "${as_user[@]}" "$initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    "${as_user[@]}" "$pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    export EXPORTMATCH_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL on 127.0.0.1:$port"
}

stop_postgres() {
    local pg_ctl as_user=()
    [ -n "$PG_DIR" ] || return 0
    pg_ctl=$(pg_bin pg_ctl)
    [ "$(id -u)" = 0 ] && as_user=(runuser -u postgres --)
    "${as_user[@]}" "$pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
