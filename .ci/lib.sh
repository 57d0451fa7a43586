# Shared shell helpers for `make run`, `make test` and `.ci/run`.
# Sourced, not executed.  Everything here is idempotent.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGDATA_DIR="$REPO/.pgdata"
PGSOCK_DIR="$PGDATA_DIR/run"
CACHE_DIR="${GOV_CACHE_DIR:-$HOME/.cache/gov-hall}"
ODOO_GIT_URL="https://github.com/odoo/odoo.git"
# every addon of the product, the core first; `MODULES=gov_hall make run` serves a subset
ALL_MODULES="cn_workday,gov_hall,gov_hall_fee,gov_hall_staff,gov_hall_queue,gov_hall_evaluation,gov_hall_portal,gov_assessment,gov_hall_pledge,gov_hall_helpdesk,gov_hall_helpdesk_assessment,gov_hall_bundle,gov_hall_online,gov_hall_online_pledge,gov_hall_hotline,gov_hall_exchange,gov_hall_jobs,gov_hall_fee_jobs,gov_assessment_jobs"
DEB_PACKAGES="postgresql postgresql-client wkhtmltopdf fonts-noto-cjk fonts-wqy-microhei chromium poppler-utils docker-compose libpq-dev libldap2-dev libsasl2-dev python3-dev python3-venv git wrk nginx-light"

log() { printf '\033[1;34m[gov]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gov] %s\033[0m\n' "$*" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------
ensure_debian_packages() {
    local missing=() p
    for p in $DEB_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian packages: ${missing[*]}"
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "apt-get could not install: ${missing[*]}"
    else
        log "WARNING: missing Debian packages (install them as root): ${missing[*]}"
    fi
}

# --- Odoo --------------------------------------------------------------------
# Sets ODOO_PY (a python that imports Odoo 19) and ODOO_ADDONS (its addons dirs).
odoo_python_ok() {
    "$1" -c 'import odoo.release as r, sys; sys.exit(0 if r.version_info[0] == 19 else 1)' >/dev/null 2>&1
}
find_odoo() {
    local c
    for c in "${ODOO_PYTHON:-}" "$(command -v python3 || true)" /opt/odoo-venv/bin/python \
             "$CACHE_DIR/venv/bin/python"; do
        [ -n "$c" ] && [ -x "$c" ] && odoo_python_ok "$c" && { ODOO_PY="$c"; break; }
    done
    if [ -z "${ODOO_PY:-}" ]; then
        get_odoo_from_source || die "Odoo 19.0 is not installed and its official source \
($ODOO_GIT_URL, branch 19.0) cannot be reached. Install Odoo 19.0 so that a python imports \
'odoo', or set ODOO_PYTHON to that python, then run again."
        ODOO_PY="$CACHE_DIR/venv/bin/python"
    fi
    local root
    # odoo is a namespace package: OCA addons installed from PyPI add a second
    # odoo/ directory to it, so locate the source tree by a module only it has
    root="$("$ODOO_PY" -c 'import odoo.release as r, os; print(os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))')"
    ODOO_ADDONS="$REPO/addons"
    [ -d "$root/addons" ] && ODOO_ADDONS="$root/addons,$ODOO_ADDONS"
    ODOO_REQS="$root/requirements.txt"
    export ODOO_PY ODOO_ADDONS
}
get_odoo_from_source() {
    command -v git >/dev/null || return 1
    log "Odoo 19.0 not found: fetching it from $ODOO_GIT_URL into $CACHE_DIR/odoo"
    mkdir -p "$CACHE_DIR"
    if [ ! -d "$CACHE_DIR/odoo/.git" ]; then
        timeout 900 git clone -q --depth 1 -b 19.0 "$ODOO_GIT_URL" "$CACHE_DIR/odoo" || return 1
    fi
    python3 -m venv "$CACHE_DIR/venv"
    local pip="$CACHE_DIR/venv/bin/pip"
    "$pip" install -q "setuptools<70" "setuptools_scm<8" wheel Cython
    "$pip" install -q --no-build-isolation -r "$CACHE_DIR/odoo/requirements.txt"
    echo "$CACHE_DIR/odoo" > "$("$CACHE_DIR/venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')/odoo19.pth"
}

# Our requirements, constrained by Odoo's own pins so nothing moves past them.
ensure_requirements() {
    local stamp sum
    sum="$(cat "$REPO/requirements.txt" "$ODOO_REQS" 2>/dev/null | sha1sum | cut -c1-12)"
    stamp="$("$ODOO_PY" -c 'import sys; print(sys.prefix)')/.gov_hall_requirements_$sum"
    [ -f "$stamp" ] && return 0
    log "installing Python requirements (constrained by Odoo's pins)"
    local cons=()
    [ -f "$ODOO_REQS" ] && cons=(-c "$ODOO_REQS")
    local plain oca
    plain="$(mktemp)"; oca="$(mktemp)"
    grep -v '^odoo-addon-' "$REPO/requirements.txt" >"$plain"
    grep '^odoo-addon-' "$REPO/requirements.txt" >"$oca" || true
    "$ODOO_PY" -m pip install -q --no-build-isolation "${cons[@]}" -r "$plain" \
        2>&1 | grep -v "^WARNING: Location" || true
    # OCA addons: their metadata asks for an `odoo` distribution we do not have
    [ -s "$oca" ] && { "$ODOO_PY" -m pip install -q --no-deps -r "$oca" 2>&1 | grep -v "^WARNING: Location" || true; }
    rm -f "$plain" "$oca"
    "$ODOO_PY" -c 'import chinese_calendar, lunar_python, stdnum, qrcode, openpyxl, importlib.util as u, sys
sys.exit(not all(u.find_spec("odoo.addons." + m) for m in ("report_xlsx", "account_statement_import_sheet_file_xlsx", "queue_job")))' \
        || die "Python requirements did not install (the OCA addons come from PyPI: is it reachable?)"
    touch "$stamp"
}

# --- PostgreSQL --------------------------------------------------------------
# Sets DB_ARGS (Odoo command-line arguments to reach the database).
pg_user_for_cluster() {
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 && { echo postgres; return; }
        echo nobody
    else
        id -un
    fi
}
as_pg() {  # run a command as the cluster owner
    local u; u="$(pg_user_for_cluster)"
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$u" -- "$@"; else "$@"; fi
}
pg_bin() {
    local d
    for d in "$(dirname "$(readlink -f "$(command -v pg_ctl 2>/dev/null || echo /nonexistent)")")" \
             $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/psql" ] && { echo "$d"; return; }
    done
    die "PostgreSQL server binaries (initdb, pg_ctl) not found: install the 'postgresql' package"
}
ensure_db_server() {
    if [ -n "${DB_HOST:-}" ] || [ -n "${PGHOST:-}" ]; then
        DB_ARGS=(--db_host "${DB_HOST:-${PGHOST:-}}" --db_port "${DB_PORT:-${PGPORT:-5432}}"
                 --db_user "${DB_USER:-${PGUSER:-odoo}}" --db_password "${DB_PASSWORD:-${PGPASSWORD:-odoo}}")
        return 0
    fi
    local bin; bin="$(pg_bin)"
    local u; u="$(pg_user_for_cluster)"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        log "creating a private PostgreSQL cluster in $PGDATA_DIR"
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" -eq 0 ] && chown "$u" "$PGDATA_DIR"
        chmod 700 "$PGDATA_DIR"
        as_pg "$bin/initdb" -D "$PGDATA_DIR" -U "$u" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    mkdir -p "$PGSOCK_DIR"; [ "$(id -u)" -eq 0 ] && chown "$u" "$PGSOCK_DIR"
    if ! as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 \
            -o "-k $PGSOCK_DIR -c listen_addresses='' -p 5439 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null || die "PostgreSQL did not start: see $PGDATA_DIR/server.log"
        PG_STARTED_BY_US=1
    fi
    as_pg "$bin/psql" -h "$PGSOCK_DIR" -p 5439 -d postgres -U "$u" -qtAc \
        "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='odoo') THEN CREATE ROLE odoo LOGIN SUPERUSER; END IF; END\$\$;" >/dev/null
    DB_ARGS=(--db_host "$PGSOCK_DIR" --db_port 5439 --db_user odoo)
    export PGHOST_PRIVATE="$PGSOCK_DIR"
}
stop_db_server() {
    [ "${PG_STARTED_BY_US:-0}" = 1 ] || return 0
    # another run (make run, a second make test on another database) still uses the cluster
    local others
    others="$(as_pg "$(pg_bin)/psql" -h "$PGSOCK_DIR" -p 5439 -U odoo -d postgres -qtAc \
        "SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()" 2>/dev/null || echo 0)"
    if [ "${others:-0}" -gt 0 ]; then
        log "leaving the private PostgreSQL cluster running: $others other connection(s)"
        return 0
    fi
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
}
db_psql() {  # db_psql DB SQL  -> prints result
    if [ -n "${PGHOST_PRIVATE:-}" ]; then
        as_pg "$(pg_bin)/psql" -h "$PGSOCK_DIR" -p 5439 -U odoo -d "$1" -qtAc "$2"
    else
        PGPASSWORD="${DB_PASSWORD:-${PGPASSWORD:-odoo}}" psql -h "${DB_HOST:-${PGHOST:-}}" \
            -p "${DB_PORT:-${PGPORT:-5432}}" -U "${DB_USER:-${PGUSER:-odoo}}" -d "$1" -qtAc "$2"
    fi
}
db_exists() { [ "$(db_psql postgres "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]; }

odoo() {  # odoo SUBCOMMAND-or-ARGS...
    "$ODOO_PY" -m odoo "$@"
}
addons_hash() {
    (cd "$REPO" && find addons data -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha1sum) | sha1sum | cut -c1-16
}
