#!/usr/bin/env bash
# A Firebird 3 server for the Microsip connector's tests (run as root; safe to run again):
# installs Debian's firebird3.0-server if missing, starts it if it is not running, sets the
# SYSDBA password to FIREBIRD_PASSWORD when that is given (otherwise it keeps the one that
# works), creates a fresh WIN1252 database of its own from
# server/test/fixtures/microsip/{schema,seed}.sql and prints
# `export FIREBIRD_URL=...` on stdout (everything else goes to stderr), so that
# `eval "$(bash scripts/firebird.sh)"` sets it.
# The server keeps its defaults: Srp authentication and wire encryption required.
# Two runs at once on one machine must not break each other: neither changes a password the
# other is using, and each loads its own database (a new name per run; a day-old one is removed).
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT=3050
DATA_DIR=/var/lib/firebird/3.0/data
DB="${FIREBIRD_CI_DATABASE:-$DATA_DIR/flujo_microsip_ci_$(date +%Y%m%d%H%M%S)_$$.fdb}"
PASSWORD_FILE=/etc/firebird/3.0/SYSDBA.password
FIXTURES=server/test/fixtures/microsip

log() { echo "firebird: $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

if [ ! -x /usr/sbin/fbguard ] || ! command -v isql-fb >/dev/null; then
  log "installing firebird3.0-server"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # The package makes up a random SYSDBA password (in $PASSWORD_FILE); it is replaced below.
  apt-get install -y -qq firebird3.0-server firebird3.0-utils >&2
fi

# Without systemd nothing starts the server: do what its unit does (RuntimeDirectory, the
# tmpfiles entry, fbguard as the firebird user).
if ! port_open; then
  log "starting the server"
  install -d -o firebird -g firebird -m 0775 /run/firebird3.0
  install -d -o firebird -g firebird -m 0770 /tmp/firebird
  su -s /bin/sh firebird -c '/usr/sbin/fbguard -daemon -forever'
fi

stored_password() {
  [ -r "$PASSWORD_FILE" ] || return 0
  # shellcheck disable=SC1090
  (. "$PASSWORD_FILE" && printf '%s' "${ISC_PASSWORD:-}") 2>/dev/null || true
}

sql_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }

# isql over TCP (never the embedded engine), UTF-8 on the wire, stopping at the first error.
isql_tcp() { # password, then isql arguments; SQL on stdin
  local pw="$1"
  shift
  env -u ISC_USER -u ISC_PASSWORD isql-fb -q -b -ch UTF8 -user SYSDBA -password "$pw" "$@"
}
# isql writes -user/-password into CREATE DATABASE unquoted, so a quote in the password would
# break it: this one names them itself.
create_db() { # password; extra SQL on stdin
  { echo "create database $(sql_quote "$HOST/$PORT:$DB") user 'SYSDBA' password $(sql_quote "$1")" \
    "default character set WIN1252;"
    cat; } | env -u ISC_USER -u ISC_PASSWORD isql-fb -q -b -ch UTF8
}

# A real answer, not an open port: an authenticated attachment that runs a query. The
# database is made here for that; it is dropped and made again fresh below.
current=""
for attempt in $(seq 1 60); do
  for pw in "$(stored_password)" "${FIREBIRD_PASSWORD:-}"; do
    [ -n "$pw" ] || continue
    if [ -e "$DB" ]; then
      probe=(isql_tcp "$pw" "$HOST/$PORT:$DB")
    else
      probe=(create_db "$pw")
    fi
    if echo 'select 1 from rdb$database;' | "${probe[@]}" >/dev/null 2>&1; then
      current="$pw"
      break 2
    fi
  done
  [ "$attempt" -eq 60 ] && break
  sleep 0.5
done
if [ -z "$current" ]; then
  log "no authenticated connection to $HOST:$PORT within 30 s (is the SYSDBA password in $PASSWORD_FILE right?)"
  exit 1
fi

password="${FIREBIRD_PASSWORD:-$current}"
if [ "$password" != "$current" ]; then
  echo "alter user SYSDBA password $(sql_quote "$password") using plugin Srp;" |
    isql_tcp "$current" "$HOST/$PORT:$DB" >&2
  # Debian's maintenance scripts read the password from here; keep it in step.
  umask 077
  printf "# SYSDBA password, set by scripts/firebird.sh\nISC_USER=sysdba\nISC_PASSWORD='%s'\n" "$(printf '%s' "$password" | sed "s/'/'\\\\''/g")" >"$PASSWORD_FILE"
fi

# Databases that earlier runs left behind, once a day old (nothing still uses them then).
find "$DATA_DIR" -maxdepth 1 -name 'flujo_*.fdb' -mmin +1440 -delete 2>/dev/null || true

log "making a fresh $DB"
echo 'drop database;' | isql_tcp "$password" "$HOST/$PORT:$DB" >&2
create_db "$password" </dev/null >&2
isql_tcp "$password" "$HOST/$PORT:$DB" -i "$FIXTURES/schema.sql" >&2
isql_tcp "$password" "$HOST/$PORT:$DB" -i "$FIXTURES/seed.sql" >&2
count=$(echo 'set heading off; select count(*) from articulos;' | isql_tcp "$password" "$HOST/$PORT:$DB" | tr -d '[:space:]')
log "ready: $count articles in $DB"

urlencode() { # byte by byte, so UTF-8 comes out as its bytes
  local LC_ALL=C s="$1" out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in [A-Za-z0-9._~-]) out+="$c" ;; *) out+=$(printf '%%%02X' "'$c") ;; esac
  done
  printf '%s' "$out"
}
echo "export FIREBIRD_URL='firebird://SYSDBA:$(urlencode "$password")@$HOST:$PORT/$DB'"
