"""docker-compose.yml: the official images, our files mounted, volumes for data."""
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_compose_file_is_valid():
    tool = shutil.which("docker-compose")
    if tool:
        cmd = [tool, "config"]
    elif shutil.which("docker") and subprocess.run(["docker", "compose", "version"],
                                                   capture_output=True, check=False).returncode == 0:
        cmd = ["docker", "compose", "config"]
    else:
        pytest.fail("neither docker-compose nor the docker compose plugin is installed (make test installs "
                    "Debian's docker-compose)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOV_")}
    # no committed default password: without the secrets the file does not even resolve
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)
    assert out.returncode != 0
    assert "GOV_" in out.stderr
    env.update(GOV_PG_ADMIN_PASSWORD="pg-secret", GOV_DB_PASSWORD="db-secret", GOV_ADMIN_PASSWORD="master-secret")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False, env=env)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "image: odoo:19.0" in text
    assert "image: postgres:" in text
    # Odoo connects as a role that is not a superuser; the secrets come from the environment
    assert "NOSUPERUSER" in text and "POSTGRES_USER: postgres" in text
    assert "db-secret" in text and "master-secret" in text
    assert "admin_passwd = $$GOV_ADMIN_PASSWORD" in text or "admin_passwd = $GOV_ADMIN_PASSWORD" in text
    for mount in ("/mnt/extra-addons", "/etc/odoo/odoo.conf", "/var/lib/odoo", "/var/lib/postgresql/data"):
        assert mount in text
