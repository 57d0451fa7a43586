"""The province topology on one machine, without Docker.

Two Odoo web nodes in multi-worker mode and one cron/job node share one data
directory (filestore and sessions) and one PostgreSQL primary; a streaming
replica (pg_basebackup of the primary) serves the read-only requests (Odoo's
``db_replica_host``); nginx from Debian's package is in front (HTTP round robin
over the web nodes, /websocket to their gevent ports). One database per city:
``dbfilter = ^%d$`` serves ``city_a.zwfw.test`` from database ``city_a``.

Used by the fault tests (``tests/test_faults.py``, fixture ``cluster``) and by
``make cluster`` (``python tests/cluster.py up|down``). Everything lives in
``.cluster/`` of the checkout (git-ignored) and is stopped afterwards.

The cities' databases are loaded from a source database (the test database of
``make test``, or ``GOV_CLUSTER_SOURCE_DB``) with pg_dump/pg_restore, with their
filestore.
"""
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CITIES = ("city_a", "city_b")
DOMAIN = "zwfw.test"


# the same routing as deploy/ of docker-compose.scale.yml: round robin over the web
# nodes, a dead node skipped (connection refused is retried on the next one, even for
# a POST, since nothing was sent), /websocket to the gevent ports. proxy_set_header is
# not inherited by a location that sets its own: each location names them all
NGINX_SERVER = """
  upstream odoo_http {
%(http)s    keepalive 32;
  }
  upstream odoo_gevent {
%(gevent)s  }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen %(listen)s;
    server_name %(names)s;
    client_max_body_size 16m;
    proxy_read_timeout 720s;
    proxy_connect_timeout 2s;
    proxy_next_upstream error timeout http_502 http_503;
    location /websocket {
      proxy_pass http://odoo_gevent;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
    }
    location / {
      proxy_pass http://odoo_http;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
"""


def host(city):
    return f"{city}.{DOMAIN}"


def _pg_bin():
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "initdb")):
            return d
    found = shutil.which("initdb")
    if found:
        return os.path.dirname(found)
    raise RuntimeError("PostgreSQL server binaries (initdb) not found: install the 'postgresql' package")


def _free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


class Cluster:
    """Start, break and stop the topology. Ports: base (nginx), base+1.. (web nodes), base+9 (job node)."""

    def __init__(self, source_db=None, base_port=None, pg_port=None, root=None, nodes=2):
        self.root = root or os.path.join(ROOT, ".cluster")
        self.base = int(base_port or os.environ.get("GOV_CLUSTER_PORT", "8280"))
        self.pg_port = int(pg_port or os.environ.get("GOV_CLUSTER_PG_PORT", "5451"))
        self.replica_port = self.pg_port + 1
        self.source_db = source_db or os.environ.get("GOV_CLUSTER_SOURCE_DB") or os.environ.get("GOV_DB")
        self.odoo_py = os.environ.get("GOV_ODOO_PY") or sys.executable
        self.addons = os.environ.get("GOV_ODOO_ADDONS") or os.path.join(ROOT, "addons")
        self.source_data = os.environ.get("GOV_DATA_DIR") or os.path.join(ROOT, ".odoo-data")
        self.pg = _pg_bin()
        self.pg_user = ("postgres" if _user_exists("postgres") else "nobody") if os.geteuid() == 0 \
            else os.environ.get("USER") or "postgres"
        self.sock = os.path.join(self.root, "run")
        self.data = os.path.join(self.root, "data")
        self.logs = os.path.join(self.root, "logs")
        self.nodes = {}  # name -> Popen
        self.node_names = [f"web{i + 1}" for i in range(nodes)] + ["jobs"]
        self.nginx = None

    # ------------------------------------------------------------ addresses
    def port(self, name):
        return self.base + 9 if name == "jobs" else self.base + int(name[3:])

    def gevent_port(self, name):
        return self.port(name) + 10

    @property
    def front(self):
        return f"http://127.0.0.1:{self.base}"

    def url(self, name=None):
        return self.front if name is None else f"http://127.0.0.1:{self.port(name)}"

    # ------------------------------------------------------------ processes
    def _as_pg(self, *cmd, **kw):
        if os.geteuid() == 0:
            cmd = ("runuser", "-u", self.pg_user, "--", *cmd)
        return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)

    def psql(self, sql, db="postgres", port=None):
        out = self._as_pg(f"{self.pg}/psql", "-h", self.sock, "-p", str(port or self.pg_port), "-U", "odoo",
                          "-d", db, "-qtAX", "-c", sql)
        return out.stdout.strip()

    def _pg_dir(self, name):
        return os.path.join(self.root, name)

    def _pg_ctl(self, name, action, port=None, extra=""):
        args = [f"{self.pg}/pg_ctl", "-D", self._pg_dir(name), "-w", "-t", "60"]
        if action == "start":
            opts = f"-k {self.sock} -c listen_addresses='' -p {port} -c fsync=off -c full_page_writes=off {extra}"
            args += ["-l", os.path.join(self.logs, f"{name}.log"), "-o", opts, "start"]
        else:
            args += ["-m", "fast", action]
        return self._as_pg(*args)

    def _chown(self, *paths):
        if os.geteuid() == 0:
            for p in paths:
                shutil.chown(p, self.pg_user)

    # ------------------------------------------------------------ PostgreSQL
    def _primary(self):
        primary = self._pg_dir("primary")
        if not os.path.exists(os.path.join(primary, "PG_VERSION")):
            os.makedirs(primary, exist_ok=True)
            self._chown(primary)
            os.chmod(primary, 0o700)
            self._as_pg(f"{self.pg}/initdb", "-D", primary, "-U", self.pg_user, "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8")
            with open(os.path.join(primary, "postgresql.conf"), "a") as conf:
                conf.write("\n# province topology: a streaming replica follows this primary\n"
                           "wal_level = replica\nmax_wal_senders = 5\nwal_keep_size = 256MB\n"
                           "hot_standby = on\nmax_connections = 200\n")
        self._pg_ctl("primary", "start", self.pg_port)
        self._as_pg(f"{self.pg}/psql", "-h", self.sock, "-p", str(self.pg_port), "-U", self.pg_user, "-d",
                    "postgres", "-qtAc",
                    "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='odoo') "
                    "THEN CREATE ROLE odoo LOGIN SUPERUSER REPLICATION; END IF; END$$;")

    def _load_cities(self):
        if not self.source_db:
            raise RuntimeError("no source database: set GOV_DB or GOV_CLUSTER_SOURCE_DB")
        existing = self.psql("SELECT string_agg(datname, ',') FROM pg_database").split(",")
        if all(c in existing for c in CITIES):
            return
        dump = os.path.join(self.root, "source.dump")
        src = _source_pg_args()
        env = dict(os.environ, PGPASSWORD=src.pop("password", "") or os.environ.get("PGPASSWORD", ""))
        subprocess.run([f"{self.pg}/pg_dump", "-Fc", "-Z1", "-f", dump, "-h", src["host"], "-p", src["port"],
                        "-U", src["user"], self.source_db], check=True, env=env, capture_output=True)
        os.chmod(dump, 0o644)
        first, *others = CITIES
        self.psql(f"DROP DATABASE IF EXISTS {first}")
        self.psql(f"CREATE DATABASE {first} OWNER odoo")
        self._as_pg(f"{self.pg}/pg_restore", "-h", self.sock, "-p", str(self.pg_port), "-U", "odoo", "-d", first,
                    "--no-owner", "-j", "2", dump)
        for city in others:
            self.psql(f"DROP DATABASE IF EXISTS {city}")
            self.psql(f"CREATE DATABASE {city} TEMPLATE {first} OWNER odoo")
        os.remove(dump)
        source_files = os.path.join(self.source_data, "filestore", self.source_db)
        for city in CITIES:
            target = os.path.join(self.data, "filestore", city)
            shutil.rmtree(target, ignore_errors=True)
            if os.path.isdir(source_files):
                shutil.copytree(source_files, target)
        # the seal log's HMAC key lives outside the database, in the data directory: the
        # cities copied from the source keep the source's key (a province sets GOV_SEAL_KEY)
        key = os.path.join(self.source_data, "gov_hall", "seal.key")
        if os.path.exists(key):
            os.makedirs(os.path.join(self.data, "gov_hall"), exist_ok=True)
            shutil.copy2(key, os.path.join(self.data, "gov_hall", "seal.key"))
        for city in CITIES:
            # each city is its own installation: its own identity, and cron jobs of the
            # source run neither here nor twice
            self.psql("UPDATE ir_config_parameter SET value = gen_random_uuid()::text "
                      "WHERE key = 'database.uuid'", db=city)
            self.psql(f"UPDATE ir_config_parameter SET value = 'http://{host(city)}' "
                      "WHERE key = 'web.base.url'", db=city)

    def _replica(self):
        replica = self._pg_dir("replica")
        if not os.path.exists(os.path.join(replica, "PG_VERSION")):
            os.makedirs(replica, exist_ok=True)
            self._chown(replica)
            os.chmod(replica, 0o700)
            self._as_pg(f"{self.pg}/pg_basebackup", "-h", self.sock, "-p", str(self.pg_port), "-U", "odoo",
                        "-D", replica, "-R", "-X", "stream", "-c", "fast")
        self._pg_ctl("replica", "start", self.replica_port, "-c hot_standby=on")

    def start_replica(self):
        self._pg_ctl("replica", "start", self.replica_port, "-c hot_standby=on")

    def stop_replica(self):
        self._pg_ctl("replica", "stop")

    def pause_replica(self, pause=True):
        """Replay stops (the replica lags behind the primary) or resumes."""
        fn = "pg_wal_replay_pause" if pause else "pg_wal_replay_resume"
        self.psql(f"SELECT {fn}()", port=self.replica_port)

    def replica_lag_bytes(self):
        return int(self.psql("SELECT COALESCE(max(pg_wal_lsn_diff(sent_lsn, replay_lsn)), 0)::bigint "
                             "FROM pg_stat_replication") or 0)

    def restart_primary(self, down_seconds=0.0):
        self._pg_ctl("primary", "stop")
        time.sleep(down_seconds)
        self._pg_ctl("primary", "start", self.pg_port)

    # ------------------------------------------------------------ Odoo
    def _odoo_args(self, name):
        web = name != "jobs"
        return [
            self.odoo_py, "-m", "odoo", "server", "-c", os.path.join(ROOT, "odoo.conf"),
            "--addons-path", self.addons, "--data-dir", self.data,
            "--db_host", self.sock, "--db_port", str(self.pg_port), "--db_user", "odoo",
            "--db_replica_host", self.sock, "--db_replica_port", str(self.replica_port),
            # web nodes: city host -> database, no job runner; the job node: crons and the
            # queue_job runner, which calls its own workers naming the database in a header
            "--db-filter", "^%d$" if web else ".*", "--load", "base,web" if web else "base,web,queue_job",
            "--proxy-mode", "--http-interface", "127.0.0.1",
            "--http-port", str(self.port(name)), "--gevent-port", str(self.gevent_port(name)),
            "--workers", "2" if web else "3", "--max-cron-threads", "0" if web else "1",
            "--db_maxconn", "16", "--limit-time-real", "300", "--log-level", "warn",
            # the external API's deprecation notice and users' own errors (nobody waiting...) on every call
            "--log-handler", "odoo.addons.rpc.controllers.jsonrpc:ERROR", "--log-handler", "odoo.http:ERROR",
            "--logfile", os.path.join(self.logs, f"{name}.log"),
        ]

    def start_node(self, name, wait=True):
        port = self.port(name)
        for _ in range(50):
            if _free(port) and _free(self.gevent_port(name)):
                break
            time.sleep(0.2)
        # its own session: a SIGKILL takes the master, its workers and the gevent process
        self.nodes[name] = subprocess.Popen(self._odoo_args(name), cwd=ROOT, start_new_session=True,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._pidfile(name, self.nodes[name].pid)
        if wait:
            self.wait_node(name)

    def wait_node(self, name, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                ok = all(requests.get(f"{self.url(name)}/web/login", timeout=60, headers={
                    "Host": host(city), "X-Odoo-Database": city}).status_code == 200 for city in CITIES)
                if ok:
                    return
            except requests.RequestException:
                pass
            if self.nodes[name].poll() is not None:
                raise RuntimeError(f"node {name} exited: see {self.logs}/{name}.log")
            time.sleep(0.5)
        raise RuntimeError(f"node {name} did not answer in {timeout} s")

    def _pidfile(self, name, pid=None):
        path = os.path.join(self.root, "pids", name)
        if pid is None:
            try:
                with open(path) as fh:
                    return int(fh.read())
            except (OSError, ValueError):
                return None
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(str(pid))
        return pid

    def kill_node(self, name):
        """A crash: SIGKILL to the node's master, its workers and its gevent process at once."""
        proc = self.nodes.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_node(self, name):
        proc = self.nodes.pop(name, None)
        pid = proc.pid if proc else self._pidfile(name)
        if not pid:
            return
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                break
            try:
                os.killpg(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc is not None:
            proc.wait()

    # ------------------------------------------------------------ nginx
    def _nginx(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise RuntimeError("nginx not found: install Debian's 'nginx-light' package")
        prefix = os.path.join(self.root, "nginx")
        os.makedirs(os.path.join(prefix, "tmp"), exist_ok=True)
        os.chmod(os.path.join(prefix, "tmp"), 0o777)
        web = [n for n in self.node_names if n != "jobs"]
        conf = NGINX_SERVER % {
            "http": "".join(f"    server 127.0.0.1:{self.port(n)} max_fails=1 fail_timeout=3s;\n" for n in web),
            "gevent": "".join(f"    server 127.0.0.1:{self.gevent_port(n)};\n" for n in web),
            "listen": f"127.0.0.1:{self.base}", "names": f"*.{DOMAIN}"}
        main = (f"daemon off;\npid {prefix}/nginx.pid;\nerror_log {self.logs}/nginx.log warn;\n"
                "worker_processes 2;\nevents { worker_connections 1024; }\n"
                "http {\n"
                f"  access_log off;\n  client_body_temp_path {prefix}/tmp/body;\n"
                f"  proxy_temp_path {prefix}/tmp/proxy;\n  fastcgi_temp_path {prefix}/tmp/fcgi;\n"
                f"  uwsgi_temp_path {prefix}/tmp/uwsgi;\n  scgi_temp_path {prefix}/tmp/scgi;\n"
                f"{conf}\n}}\n")
        path = os.path.join(prefix, "nginx.conf")
        with open(path, "w") as fh:
            fh.write(main)
        self.nginx = subprocess.Popen([nginx, "-p", prefix, "-e", os.path.join(self.logs, "nginx.log"), "-c", path],
                                      start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._pidfile("nginx", self.nginx.pid)
        for _ in range(50):
            if not _free(self.base):
                return
            time.sleep(0.1)
        raise RuntimeError(f"nginx did not start: see {self.logs}/nginx.log")

    # ------------------------------------------------------------ all
    def up(self):
        os.makedirs(self.sock, exist_ok=True)
        os.makedirs(self.logs, exist_ok=True)
        os.makedirs(self.data, exist_ok=True)
        self._chown(self.root, self.sock, self.logs)
        os.chmod(self.logs, 0o777)
        self._primary()
        self._load_cities()
        self._replica()
        for name in self.node_names:
            self.start_node(name, wait=False)
        for name in self.node_names:
            self.wait_node(name)
        self._nginx()
        return self

    def down(self):
        """Stop everything, also what another process (`make cluster`) started: the pid files say what."""
        for name in [*self.node_names, "nginx"]:
            self.stop_node(name)
        self.nginx = None
        for name in ("replica", "primary"):
            if os.path.exists(os.path.join(self._pg_dir(name), "postmaster.pid")):
                try:
                    self._pg_ctl(name, "stop")
                except subprocess.CalledProcessError:
                    pass

    def destroy(self):
        self.down()
        shutil.rmtree(self.root, ignore_errors=True)


def _user_exists(name):
    try:
        import pwd
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _source_pg_args():
    """Where the source database lives: GOV_DB_ARGS of `make test` (--db_host H --db_port P ...)."""
    raw = os.environ.get("GOV_DB_ARGS", "")
    parts = raw.split("\x1f") if raw else []
    opts = dict(zip(parts[::2], parts[1::2], strict=False))
    return {"host": opts.get("--db_host") or os.environ.get("PGHOST", "/var/run/postgresql"),
            "port": opts.get("--db_port") or os.environ.get("PGPORT", "5432"),
            "user": opts.get("--db_user") or os.environ.get("PGUSER", "odoo"),
            "password": opts.get("--db_password", "")}


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "up"
    cluster = Cluster()
    if cmd == "down":
        cluster.destroy()
        return 0
    signal.signal(signal.SIGTERM, lambda *_a: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        cluster.up()
    except BaseException:
        cluster.down()
        raise
    print(f"province topology up: nginx {cluster.front} (hosts {', '.join(host(c) for c in CITIES)}), "
          f"web nodes {', '.join(cluster.url(n) for n in cluster.node_names if n != 'jobs')}, "
          f"job node {cluster.url('jobs')}, PostgreSQL primary :{cluster.pg_port}, replica :{cluster.replica_port}"
          f" (sockets in {cluster.sock}). Ctrl-C stops everything.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.down()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
