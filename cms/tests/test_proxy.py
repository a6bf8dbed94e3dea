"""The nginx front door of docker-compose.yml (deploy/nginx.conf.template), proven outside a container.

The template is rendered as the nginx image renders it (its variables from the compose service, the
web address pointed at a local gunicorn with two sync workers), linted with ``nginx -t`` and served.
Slow clients that would hold every gunicorn worker reach only nginx, which cuts them off; visitors
still get answers at once; and the app sees the client's address and scheme as nginx saw them, never
as the client claims them.
"""

import os
import re
import shutil
import socket
import string
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests
import yaml

from cms.tests.processes import PROJECT_ROOT, free_port, serving

pytestmark = pytest.mark.deploy

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
# What the nginx image's own /etc/nginx/nginx.conf puts around its conf.d/*.conf, with the test's
# folder for every file nginx writes.
MAIN_CONFIG = """
{user}
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/default.conf;
}}
"""


def compose_services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def nginx() -> str:
    executable = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")
    if executable is None:
        pytest.fail("nginx is not installed: run `make nginx` (apt-get install nginx-light).")
    return executable


def render_proxy_config(folder: Path, *, port: int, web_address: str) -> Path:
    """The template with compose's values, as the image's entrypoint renders it, but this test's port
    and gunicorn; returns the main configuration file that includes it."""
    variables = {**compose_services()["proxy"]["environment"], "PROXY_PORT": str(port), "WEB_ADDRESS": web_address}
    # The image's envsubst replaces only variables it is given, so nginx's own ($remote_addr...) stay.
    site = string.Template(TEMPLATE.read_text()).safe_substitute(variables)
    (folder / "default.conf").write_text(site)
    # Running as root, nginx's workers would become `nobody`, who cannot enter pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    main = folder / "nginx.conf"
    main.write_text(MAIN_CONFIG.format(folder=folder, user=user))
    return main


def test_compose_publishes_only_the_proxy_which_serves_the_template():
    services = compose_services()
    proxy, web = services["proxy"], services["web"]
    assert "ports" not in web
    assert proxy["ports"] == ["8000:8000"]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    assert "./deploy/nginx.conf.template:/etc/nginx/templates/default.conf.template:ro" in proxy["volumes"]
    # Every variable in the template is given, so nothing is left for nginx to misread.
    assert set(re.findall(r"\$\{([A-Z_]+)\}", TEMPLATE.read_text())) == set(proxy["environment"])
    assert proxy["environment"]["WEB_ADDRESS"] == "web:8000"
    assert proxy["environment"]["PROXY_PORT"] == "8000"


def test_nginx_accepts_the_proxy_config(tmp_path):
    config = render_proxy_config(tmp_path, port=free_port(), web_address="127.0.0.1:8000")
    result = subprocess.run(
        [nginx(), "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


class SlowClient(threading.Thread):
    """Sends a request one header line a second and never finishes it, as the probe did."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.stop = threading.Event()
        self.cut_off_after = None

    def run(self):
        started = time.monotonic()
        try:
            self.sock.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            while not self.stop.wait(1):
                self.sock.sendall(b"X-Slow: 1\r\n")
        except OSError:
            self.cut_off_after = time.monotonic() - started
        finally:
            self.sock.close()


@pytest.fixture
def site_behind_proxy(production_env, tmp_path):
    """gunicorn as compose runs it (two sync workers, plain HTTP), nginx in front; yields both ports."""
    web_port, proxy_port = free_port(), free_port()
    env = {
        **production_env,
        "PORT": str(web_port),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUST_X_FORWARDED_PROTO": "1",
        "NEWSLETTER_SIGNUP_RATE": "2/h",
        "TMPDIR": str(tmp_path),
    }
    config = render_proxy_config(tmp_path, port=proxy_port, web_address=f"127.0.0.1:{web_port}")
    proxy = [nginx(), "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"]
    with (
        serving(["gunicorn", "cms.wsgi:application"], port=web_port, env=env),
        serving(proxy, port=proxy_port, env=env),
    ):
        yield proxy_port, web_port


def test_slow_clients_hold_nginx_not_gunicorn_and_are_cut_off(site_behind_proxy):
    proxy_port, _ = site_behind_proxy
    slow_clients = [SlowClient(proxy_port) for _ in range(4)]
    for client in slow_clients:
        client.start()
    time.sleep(3)  # directly on gunicorn, both workers would now be reading these requests

    waits = []
    for _ in range(5):
        started = time.monotonic()
        health = requests.get(f"http://127.0.0.1:{proxy_port}/healthz", timeout=30)
        waits.append(time.monotonic() - started)
        assert health.status_code == 200
        time.sleep(0.5)
    # Before the proxy: /healthz waited 31 s, until gunicorn killed the workers the slow clients held.
    assert max(waits) < 1.0, waits

    for client in slow_clients:
        client.join(timeout=20)
    # nginx closes a request whose headers have not all arrived after client_header_timeout (10 s).
    assert all(client.cut_off_after is not None and client.cut_off_after < 15 for client in slow_clients)


def test_through_the_proxy_pages_static_files_and_the_clients_own_address(site_behind_proxy):
    proxy_port, web_port = site_behind_proxy
    front_door = f"http://127.0.0.1:{proxy_port}"
    host = {"Host": f"localhost:{proxy_port}"}

    home = requests.get(f"{front_door}/", headers=host, allow_redirects=False, timeout=30)
    assert home.status_code == 200
    assert "At-home ketamine therapy, guided by physicians" in home.text
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home.text).group(1)
    css = requests.get(f"{front_door}{stylesheet}", headers={**host, "Accept-Encoding": "gzip"}, timeout=30)
    assert (css.status_code, css.headers["Content-Encoding"]) == (200, "gzip")
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"

    # A client claiming HTTPS: gunicorn believes its trusted peer (HSTS goes only to HTTPS requests),
    # but nginx replaces the claim with the scheme the client really used.
    claims_https = {**host, "X-Forwarded-Proto": "https"}
    direct = requests.get(f"http://127.0.0.1:{web_port}/", headers=claims_https, allow_redirects=False, timeout=30)
    assert "Strict-Transport-Security" in direct.headers
    proxied = requests.get(f"{front_door}/", headers=claims_https, allow_redirects=False, timeout=30)
    assert "Strict-Transport-Security" not in proxied.headers

    # A client inventing a new X-Forwarded-For each time still counts against its own address:
    # 2 signups an hour per address, counted by each of the two workers alone (no Redis here).
    answers = [
        requests.post(
            f"{front_door}/newsletter/subscribe/",
            data={"email": f"proxied-{n}@example.org", "website": "", "next": "/", "consent": ""},
            headers={**host, "Origin": f"http://localhost:{proxy_port}", "X-Forwarded-For": f"203.0.113.{n}"},
            allow_redirects=False,
            timeout=30,
        ).status_code
        for n in range(6)
    ]
    assert answers.count(429) >= 2, answers
