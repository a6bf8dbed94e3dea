"""The Dockerfile and compose file, proven without a Docker engine.

hadolint lints the Dockerfile; the compose file is parsed and checked against
the settings; and the Dockerfile's own steps (its pip install, collectstatic,
entrypoint and command) are replayed outside a container, with the
container's paths mapped into a temporary folder, until ``/healthz`` answers.
"""

import fnmatch
import json
import os
import re
import runpy
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
import yaml
from redis.backoff import ConstantBackoff
from redis.retry import Retry

from cms.settings import environment
from cms.tests.dockerfile import exec_form, parse
from cms.tests.processes import PROJECT_ROOT, VENV_BIN, clean_environment, fetch, free_port, serving

pytestmark = pytest.mark.deploy

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
COMPOSE_FILE = PROJECT_ROOT / "docker-compose.yml"
# Container paths the Dockerfile uses, and where the replay puts them.
CONTAINER_PATHS = ("/opt/venv", "/app", "/tmp")
# RUN steps that only manage users and ownership inside an image.
IMAGE_ONLY_COMMANDS = ("groupadd", "useradd")


def test_hadolint_finds_nothing():
    result = subprocess.run(
        [VENV_BIN / "hadolint", "Dockerfile"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "")


def test_image_is_slim_non_root_and_self_checking():
    builder, runtime = parse(DOCKERFILE)
    assert builder.base == runtime.base == "python:3.11-slim-bookworm"
    assert runtime.one("USER") not in ("root", "0", "0:0")
    assert runtime.one("EXPOSE") == "8000"
    assert "/healthz" in runtime.one("HEALTHCHECK")
    assert any("collectstatic" in step for step in runtime.all("RUN"))
    # No compilers or Python packages in the final image: one apt-get step, for the PostgreSQL
    # client only, which keeps neither recommended packages nor apt's lists.
    assert not any("pip install" in step for step in runtime.all("RUN"))
    (apt_step,) = [step for step in runtime.all("RUN") if "apt-get" in step]
    assert "--no-install-recommends" in apt_step
    assert apt_step.endswith("&& rm -rf /var/lib/apt/lists/*")
    assert apt_packages(apt_step) == ["postgresql-client-15"]
    assert exec_form(runtime.one("CMD"))[0] == "gunicorn"


def apt_packages(step: str) -> list[str]:
    """The packages a RUN step's ``apt-get install`` names."""
    packages = []
    for command in step.split("&&"):
        words = shlex.split(command)
        if words[:2] == ["apt-get", "install"]:
            packages += [word for word in words[2:] if not word.startswith("-")]
    return packages


def test_image_has_pg_dump_at_least_as_new_as_the_compose_database():
    """pg_dump refuses a server newer than itself: manage.py backup needs the server's major version or later."""
    _, runtime = parse(DOCKERFILE)
    (client,) = [package for step in runtime.all("RUN") for package in apt_packages(step)]
    client_major = int(client.removeprefix("postgresql-client-"))
    server_major = int(re.match(r"postgres:(\d+)", compose_services()["db"]["image"]).group(1))
    assert client_major >= server_major
    # The runtime's base is Debian bookworm, whose PostgreSQL is that major version.
    assert runtime.base.endswith("-bookworm")


def test_compose_redis_is_capped_and_evicts_the_least_recently_used_keys():
    """The compose command, run by a redis-server of the test's own, holds the cap."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    command = compose_services()["redis"]["command"]
    assert command[0] == "redis-server"
    port = free_port()
    server = subprocess.Popen([shutil.which("redis-server"), *command[1:], "--port", str(port), "--bind", "127.0.0.1"])
    try:
        # Retried while the server starts.
        client = redis.Redis(port=port, retry=Retry(ConstantBackoff(0.1), 50), decode_responses=True)
        config = client.config_get("maxmemory*")
        assert (config["maxmemory"], config["maxmemory-policy"]) == (str(256 * 1024 * 1024), "allkeys-lru")
    finally:
        server.kill()
        server.wait(timeout=10)


def compose_services() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())["services"]


def test_compose_runs_web_with_postgres_and_redis_when_healthy():
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    services = compose["services"]
    assert set(services) >= {"web", "db", "redis"}
    assert services["web"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert services["db"]["healthcheck"]["test"]
    assert services["redis"]["healthcheck"]["test"]
    named_volumes = set(compose["volumes"])
    mounts = [volume.split(":")[0] for service in services.values() for volume in service.get("volumes", [])]
    mounted = {source for source in mounts if not source.startswith(("./", "/"))}  # not files of the checkout
    assert {"pgdata", "media"} <= named_volumes
    assert mounted <= named_volumes


def test_compose_runs_the_worker_from_the_web_image_with_the_web_settings_once_migrations_ran():
    """The worker runs tasks and the schedule (scheduled publishing among them: README, Background work)."""
    services = compose_services()
    web, worker = services["web"], services["worker"]
    assert (worker["build"], worker["image"]) == (web["build"], web["image"])
    assert worker["command"] == ["python", "manage.py", "worker"]
    assert worker["depends_on"] == {"web": {"condition": "service_healthy"}}
    shared = dict(web["environment"])
    del shared["RUN_MIGRATIONS"], shared["WEB_CONCURRENCY"], shared["FORWARDED_ALLOW_IPS"]
    assert worker["environment"] == shared
    assert "media:/app/media" in worker["volumes"]
    # No gunicorn to answer the image's health check; no migrations run from here.
    assert worker["healthcheck"] == {"disable": True}
    assert "scheduler" not in services


def variables_the_project_reads() -> set[str]:
    """Names read by the settings, gunicorn.conf.py and the entrypoint."""
    runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    entrypoint = (PROJECT_ROOT / "docker-entrypoint.sh").read_text()
    return environment.NAMES_READ | set(re.findall(r"\$\{([A-Z_]+)", entrypoint))


def test_every_variable_compose_sets_is_one_the_project_reads():
    read = variables_the_project_reads()
    set_by_compose = set(compose_services()["web"]["environment"])
    assert set_by_compose - read == set()


def test_readme_documents_every_variable_the_project_reads():
    readme = (PROJECT_ROOT / "README.md").read_text()
    missing = {name for name in variables_the_project_reads() if f"`{name}`" not in readme}
    assert missing == set()


def container_path(root: Path, text: str) -> str:
    for path in CONTAINER_PATHS:
        text = text.replace(path, str(root) + path)
    return text


def ignored_by_dockerignore() -> list[str]:
    lines = (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip().removeprefix("**/") for line in lines if line.strip() and not line.startswith("#")]


def copy_build_context(destination: Path) -> None:
    patterns = ignored_by_dockerignore()

    def ignore(folder, names):
        relative = Path(folder).relative_to(PROJECT_ROOT)
        return {
            name
            for name in names
            if any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(str(relative / name), p) for p in patterns)
        }

    shutil.copytree(PROJECT_ROOT, destination, ignore=ignore, dirs_exist_ok=True)


def run_step(command: str, *, root: Path, env: dict[str, str], cwd: Path) -> None:
    if shlex.split(command)[0] in IMAGE_ONLY_COMMANDS:
        return
    if packages := apt_packages(command):
        # The image's system packages come from the host here: check it has them, as apt-get would.
        missing = [name for name in packages if not debian_package_installed(name)]
        assert missing == [], f"The replay needs these Debian packages on this machine: apt-get install {missing}"
        return
    # The image never keeps pip's cache; the replay may, to save a download.
    command = command.replace("--no-cache-dir ", "")
    result = subprocess.run(
        ["sh", "-c", container_path(root, command)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"RUN {command}\n{result.stdout}\n{result.stderr}"


def stage_environment(stage, root: Path, inherited: dict[str, str]) -> dict[str, str]:
    env = dict(inherited)
    for name, value in stage.environment().items():
        env[name] = container_path(root, value).replace("$PATH", env.get("PATH", ""))
    return env


def debian_package_installed(name: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "--show", "--showformat=${db:Status-Status}", name], capture_output=True, text=True, check=False
    )
    return result.stdout == "installed"


@pytest.fixture(scope="module")
def temporary_postgres_url(postgres_databases):
    return postgres_databases()


@pytest.fixture(scope="module")
def built_image(tmp_path_factory):
    """Replay the Dockerfile's stages into a folder that stands in for the image's file system."""
    root = tmp_path_factory.mktemp("image")
    host_python = tmp_path_factory.mktemp("host-bin")
    # The base image's `python` is CPython 3.11, as is this test run's.
    (host_python / "python").symlink_to(sys._base_executable)
    base_env = clean_environment(PATH=f"{host_python}{os.pathsep}/usr/bin:/bin")
    (root / "tmp").mkdir()

    builder, runtime = parse(DOCKERFILE)
    env = stage_environment(builder, root, base_env)
    for instruction, arguments in builder.instructions:
        if instruction == "COPY":
            source, destination = arguments.split()
            shutil.copy(PROJECT_ROOT / source, container_path(root, destination))
        elif instruction == "RUN":
            run_step(arguments, root=root, env=env, cwd=root)

    env = stage_environment(runtime, root, base_env)
    workdir = root
    for instruction, arguments in runtime.instructions:
        if instruction == "WORKDIR":
            workdir = Path(container_path(root, arguments))
            workdir.mkdir(parents=True, exist_ok=True)
        elif instruction == "COPY" and arguments.startswith("--from=builder"):
            _, path, _ = arguments.split()
            assert path in CONTAINER_PATHS  # already in place from the builder stage
        elif instruction == "COPY":
            source, destination = arguments.split()
            assert source == "."
            copy_build_context(Path(container_path(root, destination)))
        elif instruction == "RUN":
            run_step(arguments, root=root, env=env, cwd=workdir)
    return root, runtime, env, workdir


def test_dockerfile_steps_build_and_serve_outside_a_container(built_image, temporary_postgres_url):
    root, runtime, image_env, workdir = built_image
    port = free_port()
    compose_env = {name: str(value) for name, value in compose_services()["web"]["environment"].items()}
    env = {
        **image_env,
        **compose_env,
        "SECRET_KEY": "replayed-image-" + uuid.uuid4().hex * 2,
        "DATABASE_URL": temporary_postgres_url,
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    command = [container_path(root, word) for word in exec_form(runtime.one("ENTRYPOINT"))]
    command += exec_form(runtime.one("CMD"))

    with serving(command, port=port, env=env, cwd=workdir) as server:
        health = fetch(f"http://127.0.0.1:{port}/healthz")
        assert health.status == 200
        # No worker runs beside this replay: /healthz says so, and still answers 200.
        assert json.loads(health.text) == {"status": "ok", "database": "ok", "cache": "ok", "worker": "not running"}

        healthcheck = exec_form(runtime.one("HEALTHCHECK").split(" CMD ", 1)[1])
        probe = subprocess.run(
            [container_path(root, "/opt/venv/bin/python"), *healthcheck[1:]], env=env, timeout=30, check=False
        )
        assert probe.returncode == 0

        # Migrations ran through the entrypoint (RUN_MIGRATIONS=1): the admin works.
        assert fetch(f"http://127.0.0.1:{port}/admin/login/").status == 200
        assert server.poll() is None

    # collectstatic ran at build time into the image's STATIC_ROOT.
    assert (Path(image_env["STATIC_ROOT"]) / "staticfiles.json").exists()


def test_backup_and_restore_run_inside_the_image(built_image, temporary_postgres_url, postgres_databases):
    """What README's Operations section has an operator run: ``docker compose exec web python manage.py backup``,
    then ``restore`` into an empty database, with the image's tools and variables and compose's settings."""
    root, runtime, image_env, workdir = built_image
    compose_env = {name: str(value) for name, value in compose_services()["web"]["environment"].items()}
    env = {**image_env, **compose_env, "SECRET_KEY": "replayed-image-" + uuid.uuid4().hex * 2, "LOG_LEVEL": "WARNING"}

    def in_container(*args: str, database_url: str) -> str:
        result = subprocess.run(
            [container_path(root, "/opt/venv/bin/python"), "manage.py", *args],
            cwd=workdir,
            env={**env, "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    in_container("migrate", "--noinput", database_url=temporary_postgres_url)
    folder = Path(in_container("backup", database_url=temporary_postgres_url).strip().splitlines()[-1])
    # In the image's BACKUP_DIR (the compose volume `backups`), which its unprivileged user may write.
    assert folder.parent == Path(container_path(root, runtime.environment()["BACKUP_DIR"]))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}

    # restore checks the restored counts against the manifest's and fails on any difference.
    in_container("restore", str(folder), database_url=postgres_databases())
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    assert "backups:/app/backups" in compose["services"]["web"]["volumes"]
