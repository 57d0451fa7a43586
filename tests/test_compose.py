"""docker-compose.yml: the official images, our files mounted, volumes for data.
docker-compose.scale.yml: the province's scale-out (web nodes, job node, replica, nginx)."""
import itertools
import json
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _compose():
    """The compose command: Debian's docker-compose 1.29, else the docker compose plugin."""
    tool = shutil.which("docker-compose")
    if tool:
        return [tool]
    if shutil.which("docker") and subprocess.run(["docker", "compose", "version"],
                                                 capture_output=True, check=False).returncode == 0:
        return ["docker", "compose"]
    pytest.fail("neither docker-compose nor the docker compose plugin is installed (make test installs "
                "Debian's docker-compose)")


def test_compose_file_is_valid():
    cmd = [*_compose(), "config"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOV_")}
    # no committed default password: without the secrets the file does not even resolve
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)
    assert out.returncode != 0
    assert "GOV_" in out.stderr
    env.update(GOV_PG_ADMIN_PASSWORD="pg-secret", GOV_DB_PASSWORD="db-secret", GOV_ADMIN_PASSWORD="master-secret")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    flat = " ".join(text.split())  # the output folds long command lines
    assert "image: odoo:19.0" in text
    assert "image: postgres:" in text
    # Odoo connects as a role that is not a superuser; the secrets come from the environment
    assert "NOSUPERUSER" in text and "POSTGRES_USER: postgres" in text
    assert "db-secret" in text and "master-secret" in text
    assert "admin_passwd = $$GOV_ADMIN_PASSWORD" in flat or "admin_passwd = $GOV_ADMIN_PASSWORD" in flat
    assert "PGHOST: db" in text and "odoo.addons.queue_job" in flat
    for mount in ("/mnt/extra-addons", "/etc/odoo/odoo.conf", "/var/lib/odoo", "/var/lib/postgresql/data"):
        assert mount in text


# --- docker-compose.scale.yml ------------------------------------------------------------

SCALE = "docker-compose.scale.yml"
SCALE_SECRETS = {
    "GOV_PG_ADMIN_PASSWORD": "pg-secret",
    "GOV_DB_PASSWORD": "db-secret",
    "GOV_ADMIN_PASSWORD": "master-secret",
    "GOV_REPLICATION_PASSWORD": "repl-secret",
}


def _scale_config(secrets):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOV_")}
    env.update(secrets)
    cmd = [*_compose(), "-f", SCALE, "config"]
    if cmd[0] == "docker":
        cmd.append("--format=json")
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)


@pytest.fixture(scope="module")
def scale():
    """The resolved scale file as a dict (docker-compose 1.29 prints YAML: read it with the
    Python that runs docker-compose, which has PyYAML; the plugin prints JSON)."""
    out = _scale_config(SCALE_SECRETS)
    assert out.returncode == 0, out.stderr
    if out.stdout.lstrip().startswith("{"):
        return json.loads(out.stdout)
    with open(shutil.which("docker-compose")) as f:
        python = f.readline()[2:].strip().split()[0]
    conv = subprocess.run([python, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
                          input=out.stdout, capture_output=True, text=True, check=True)
    return json.loads(conv.stdout)


def _env(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    # `config` prints a literal $ escaped as $$
    return {k: str(v).replace("$$", "$") if v is not None else "" for k, v in env.items()}


def _command(service):
    command = service.get("command") or []
    return " ".join(command) if isinstance(command, list) else command


def _mounts(service):
    """(source, target) of each volume, short or long syntax."""
    result = []
    for vol in service.get("volumes", []):
        if isinstance(vol, dict):
            result.append((vol.get("source"), vol.get("target")))
        else:
            parts = vol.split(":")
            result.append((parts[0], parts[1]))
    return result


def _odoo_nodes(scale):
    """Services running an Odoo server (the image's one-shot installer is not a node)."""
    return {name: svc for name, svc in scale["services"].items()
            if svc.get("image") == "odoo:19.0" and re.search(r"\bexec odoo\b", _command(svc))}


def _loads_queue_job(service):
    return "queue_job" in _env(service).get("ODOO_SERVER_WIDE_MODULES", "").split(",")


def _web_nodes(scale):
    return {n: s for n, s in _odoo_nodes(scale).items() if not _loads_queue_job(s)}


def _job_nodes(scale):
    return {n: s for n, s in _odoo_nodes(scale).items() if _loads_queue_job(s)}


def _pg_settings(service):
    """{name: value} of the `-c name=value` arguments of a postgres service."""
    command = service.get("command") or []
    return dict(arg.split("=", 1) for prev, arg in itertools.pairwise(command) if prev == "-c")


def _read(rel):
    with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
        return f.read()


def _host_file(scale, service, target):
    """Path in the repository of the file mounted at `target` in `service`."""
    for source, tgt in _mounts(scale["services"][service]):
        if tgt == target:
            return os.path.relpath(source, ROOT) if os.path.isabs(source) else source
    pytest.fail(f"{service} mounts nothing at {target}")


def _nginx_blocks(text):
    """Parse an nginx config into a list of (directive args, children or None)."""
    text = re.sub(r"#[^\n]*", "", text)
    tokens = re.findall(r"[{};]|'[^']*'|\"[^\"]*\"|[^\s{};]+", text)
    pos = 0

    def block():
        nonlocal pos
        items, current = [], []
        while pos < len(tokens):
            tok = tokens[pos]
            pos += 1
            if tok == ";":
                items.append((current, None))
                current = []
            elif tok == "{":
                items.append((current, block()))
                current = []
            elif tok == "}":
                return items
            else:
                current.append(tok)
        return items

    return block()


def _nginx(scale):
    conf = _host_file(scale, "nginx", "/etc/nginx/conf.d/default.conf")
    assert conf.startswith("deploy/"), conf
    return _nginx_blocks(_read(conf))


def _find(items, name, arg=None):
    return [(args, children) for args, children in items
            if args and args[0] == name and (arg is None or args[1:2] == [arg] or args[-1] == arg)]


def _size(value):
    units = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    return int(value[:-1]) * units[value[-1].lower()] if value[-1].lower() in units else int(value)


def _seconds(value):
    return int(value[:-1]) * {"s": 1, "m": 60}[value[-1]] if value[-1] in "sm" else int(value)


def test_scale_needs_every_secret():
    out = _scale_config({})
    assert out.returncode != 0
    assert "GOV_" in out.stderr
    for missing in SCALE_SECRETS:
        out = _scale_config({k: v for k, v in SCALE_SECRETS.items() if k != missing})
        assert out.returncode != 0, f"{SCALE} resolves without {missing}"
        assert missing in out.stderr


def test_scale_images_and_secrets(scale):
    services = scale["services"]
    images = {svc.get("image", "") for svc in services.values()}
    assert "odoo:19.0" in images
    assert any(i.startswith("postgres:") for i in images)
    assert any(i.startswith("nginx:") for i in images)
    text = json.dumps(scale)
    for secret in SCALE_SECRETS.values():
        assert secret in text
    # the file itself holds no password
    raw = _read(SCALE)
    for secret in SCALE_SECRETS.values():
        assert secret not in raw
    # Odoo connects as the role created without superuser rights
    init = _read(_host_file(scale, "db", "/docker-entrypoint-initdb.d/10-roles.sh"))
    assert "CREATE ROLE odoo LOGIN CREATEDB NOSUPERUSER" in init
    for node in _odoo_nodes(scale).values():
        env = _env(node)
        assert env["PGUSER"] == "odoo" and env["PGPASSWORD"] == "db-secret"
        assert env["ODOO_LIST_DB"] == "False"
        # the master password comes from the environment into the generated config
        assert re.search(r"printf 'admin_passwd = %s\\n.*' \"\$\$?GOV_ADMIN_PASSWORD\" >> /tmp/odoo\.conf",
                         _command(node)), _command(node)
        assert "exec odoo -c /tmp/odoo.conf" in _command(node)


def test_scale_web_nodes(scale):
    web = _web_nodes(scale)
    assert len(web) >= 2, sorted(_odoo_nodes(scale))
    # the streaming replica (test_scale_replica checks how it is made)
    replicas = {name for name, svc in scale["services"].items()
                if "replica-entrypoint.sh" in " ".join(svc.get("entrypoint") or [])}
    assert replicas == {"db-replica"}
    for name, node in web.items():
        env = _env(node)
        assert int(env["ODOO_WORKERS"]) > 0, name
        assert int(env["ODOO_MAX_CRON_THREADS"]) == 0, name
        assert env["ODOO_PROXY_MODE"] == "True", name
        assert env["ODOO_DBFILTER"] == "^%d$", name  # one database per city host
        assert env["ODOO_HTTP_INTERFACE"] == "0.0.0.0", name
        # db_replica_host / db_replica_port: readonly routes read from the streaming replica
        assert env["PGHOST_REPLICA"] in replicas, name
        assert env["PGPORT_REPLICA"] == "5432"
        assert int(env["ODOO_LIMIT_MEMORY_SOFT"]) < int(env["ODOO_LIMIT_MEMORY_HARD"])
        assert 0 < int(env["ODOO_LIMIT_TIME_CPU"]) <= int(env["ODOO_LIMIT_TIME_REAL"])
        assert int(env["ODOO_DB_MAXCONN"]) > 0


def test_scale_one_job_node(scale):
    jobs = _job_nodes(scale)
    assert len(jobs) == 1, sorted(jobs)
    (node,) = jobs.values()
    env = _env(node)
    assert env["ODOO_SERVER_WIDE_MODULES"].split(",") == ["base", "web", "queue_job"]
    assert int(env["ODOO_MAX_CRON_THREADS"]) > 0
    channels = re.search(r"\[queue_job\]\\nchannels = root:(\d+)", _command(node))
    assert channels, _command(node)
    # queue_job runs each job in an HTTP worker of this node: one more than the channel capacity
    assert int(env["ODOO_WORKERS"]) > int(channels.group(1))
    # the runner calls localhost with X-Odoo-Database: a host-based dbfilter would reject it
    assert not env.get("ODOO_DBFILTER")
    # not behind nginx, not reachable from the other containers
    assert env["ODOO_HTTP_INTERFACE"] == "127.0.0.1"
    assert "odoo-addon-queue-job==19.0.2.4.0.1" in _command(scale["services"]["odoo-init"])
    assert "openupgradelib" in _command(scale["services"]["odoo-init"])


def test_scale_shared_data_directory(scale):
    odoo_services = {n: s for n, s in scale["services"].items() if s.get("image") == "odoo:19.0"}
    sources = {n: {src for src, tgt in _mounts(s) if tgt == "/var/lib/odoo"} for n, s in odoo_services.items()}
    assert all(len(v) == 1 for v in sources.values()), sources
    shared = {v.pop() for v in sources.values()}
    assert len(shared) == 1, shared
    assert shared.pop() in scale["volumes"]  # a named volume, not a node's own directory
    # the nodes do not race each other's pip in the shared home: one installer runs first
    for name in _odoo_nodes(scale):
        dep = scale["services"][name]["depends_on"]
        assert dep["odoo-init"]["condition"] == "service_completed_successfully", name


def test_scale_replica(scale):
    services = scale["services"]
    primary, replica = services["db"], services["db-replica"]
    assert primary["image"] == replica["image"] and primary["image"].startswith("postgres:")
    settings = _pg_settings(primary)
    assert settings["wal_level"] == "replica"
    assert int(settings["max_wal_senders"]) > 0
    # a hot standby refuses to start with fewer connections than its primary
    assert int(_pg_settings(replica)["max_connections"]) >= int(settings["max_connections"])
    assert _pg_settings(replica)["hot_standby"] == "on"
    init = _read(_host_file(scale, "db", "/docker-entrypoint-initdb.d/10-roles.sh"))
    assert re.search(r"CREATE ROLE replicator LOGIN REPLICATION NOSUPERUSER", init)
    assert re.search(r"^host\s+replication\s+replicator\s+\S+\s+scram-sha-256", init.replace('echo "', ""), re.M)
    script = _read(_host_file(scale, "db-replica", "/gov-deploy/replica-entrypoint.sh"))
    assert "pg_basebackup" in script and " -R " in script and "PG_VERSION" in script
    assert _env(replica)["GOV_REPLICATION_PASSWORD"] == "repl-secret"
    assert "replica-entrypoint.sh" in " ".join(replica["entrypoint"])
    assert services["db-replica"]["depends_on"]["db"]["condition"] == "service_healthy"
    # distinct data directories for primary and replica
    assert {s for s, t in _mounts(primary) if t == "/var/lib/postgresql/data"} != \
        {s for s, t in _mounts(replica) if t == "/var/lib/postgresql/data"}


def test_scale_connection_budget(scale):
    """Every Odoo process has its own pool of db_maxconn connections: their sum (plus the job
    runner's one per city database and a reserve) stays below max_connections."""
    max_connections = int(_pg_settings(scale["services"]["db"])["max_connections"])
    total = 0
    for node in _odoo_nodes(scale).values():
        env = _env(node)
        maxconn = int(env["ODOO_DB_MAXCONN"])
        total += (int(env["ODOO_WORKERS"]) + int(env["ODOO_MAX_CRON_THREADS"])) * maxconn
        total += int(env.get("ODOO_DB_MAXCONN_GEVENT") or maxconn)  # the gevent process
    cities, reserve = 16, 10
    assert total + cities + reserve <= max_connections, total


def test_scale_nginx(scale):
    services = scale["services"]
    # only nginx is published
    published = sorted(name for name, svc in services.items() if svc.get("ports"))
    assert published == ["nginx"]
    conf = _nginx(scale)
    (_, http), = _find(conf, "http") or [([], conf)]
    upstreams = {args[1]: [c[0][1] for c in children if c[0][0] == "server"]
                 for args, children in _find(http, "upstream")}
    (_, server), = _find(http, "server")
    web = _web_nodes(scale)
    http_ports = {f"{n}:{_env(s)['ODOO_HTTP_PORT']}" for n, s in web.items()}
    gevent_ports = {f"{n}:{_env(s)['ODOO_GEVENT_PORT']}" for n, s in web.items()}

    def upstream_of(location):
        (_, children), = _find(server, "location", location)
        (args, _), = _find(children, "proxy_pass")
        return children, set(upstreams[args[1].removeprefix("http://")])

    children, servers = upstream_of("/websocket")
    assert servers == gevent_ports
    headers = {tuple(args[1:]) for args, _ in _find(children, "proxy_set_header")}
    assert ("Upgrade", "$http_upgrade") in headers
    assert ("Connection", "$connection_upgrade") in headers
    assert _find(children, "proxy_http_version")[0][0][1] == "1.1"
    children, servers = upstream_of("/")
    assert servers == http_ports
    headers = {args[1] for args, _ in _find(children, "proxy_set_header")}
    assert {"X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto"} <= headers  # proxy_mode
    # uploads of 10 MB per file pass, with a margin for the rest of the form
    (args, _), = _find(server, "client_max_body_size")
    assert _size(args[1]) > 10 * 1024 ** 2
    # the online application posts all its material files at once: up to Odoo's 128 MiB
    (_, children), = _find(server, "location", "^/(hall/online/apply/|my/hall/case/[0-9]+/resubmit)")
    (args, _), = _find(children, "client_max_body_size")
    assert _size(args[1]) == 128 * 1024 ** 2
    assert _find(children, "proxy_pass")[0][0][1] == _find(upstream_of("/")[0], "proxy_pass")[0][0][1]
    # nginx waits at least as long as Odoo lets a request run
    (args, _), = _find(server, "proxy_read_timeout")
    assert all(_seconds(args[1]) >= int(_env(s)["ODOO_LIMIT_TIME_REAL"]) for s in web.values())
    # the job runner's endpoint is not exposed
    (_, children), = _find(server, "location", "/queue_job/runjob")
    assert _find(children, "return")[0][0][1] == "404"
