"""Run Sectorscope for more users than one process serves: N ``streamlit run`` replicas on 127.0.0.1 behind
Debian's nginx (sticky sessions by cookie, websockets proxied, static files precompressed), all reading the same
database file.

    python -m deploy.replicas --replicas 2 --port 8080 [--db data/state.duckdb] [--secrets .streamlit/secrets.toml]

Every replica opens the active database read-only and picks up a new version at its next rerun, so a load (Data
page, CLI or a scheduled job) is seen through every replica. The replicas share one cookie secret, so a sign-in
cookie or an XSRF token made by one is accepted by all. Stops everything on Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sectorscope import config

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COMPRESSED_SUFFIXES = (".js", ".css", ".json", ".svg", ".html", ".txt", ".map")
# A file of the largest size still travels with a multipart envelope (boundary, headers, name) around it: Streamlit
# allows 1 MB of it beyond server.maxUploadSize, and nginx's client_max_body_size counts it too
UPLOAD_ENVELOPE_MB = 1
START_TIMEOUT_SECONDS = 120


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_static_cache() -> Path:
    """Where the precompressed copy of Streamlit's front end is kept between runs: a folder in the system's
    temporary folder that nginx's workers (``www-data`` when nginx is started by root) can read."""
    return Path(tempfile.gettempdir()) / f"sectorscope-static-{os.geteuid()}"


def _refuse_unless_own(folder: Path) -> None:
    """Raise ``UnsafeStaticFolder`` unless ``folder`` is a directory (not a link) of this user's own that no one else
    may write to."""
    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.geteuid() or found.st_mode & 0o022:
        raise UnsafeStaticFolder(
            f"{folder} is not a folder of this user's own that only it may write to (owner {found.st_uid}, mode "
            f"{stat.S_IMODE(found.st_mode):o}{', a link' if stat.S_ISLNK(found.st_mode) else ''}): nginx would serve "
            "its scripts to every visitor. Remove it (or point TMPDIR at a folder of your own).")


class UnsafeStaticFolder(RuntimeError):
    """The folder of Streamlit's precompressed front end is not safe to serve from."""


def precompress_static(cache: Path) -> Path:
    """Streamlit's front-end files (``streamlit/static/static``, served as ``/static/``) copied into ``cache``
    with a ``.gz`` beside every text file, for nginx's ``gzip_static``; made once per Streamlit installation (the
    copy is built beside and renamed into place whole, so two launchers never see half of one). Returns the
    folder to serve."""
    import streamlit

    source = Path(streamlit.__file__).parent / "static" / "static"  # what the app serves under /static/
    installation = hashlib.sha256(f"{streamlit.__version__} {source}".encode()).hexdigest()[:16]
    cache = Path(cache)
    target = cache / installation
    cache.mkdir(mode=0o755, parents=True, exist_ok=True)
    # nginx serves this folder's scripts to every visitor, and the default lies in the system's temporary folder,
    # which every user may write to: a folder planted there by someone else (or left writable by others) would serve
    # their scripts, and a link planted there would have the chmod below change what it points to
    _refuse_unless_own(cache)
    cache.chmod(0o755)  # nginx's workers read it whatever the umask (a folder of this user's own, checked above)
    if os.path.lexists(target):
        _refuse_unless_own(target)
        return target
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    shutil.copytree(source, building, dirs_exist_ok=True)
    for path in building.rglob("*"):
        if path.is_file() and path.suffix in COMPRESSED_SUFFIXES and path.stat().st_size >= 1024:
            with open(path, "rb") as plain, gzip.open(path.with_name(path.name + ".gz"), "wb", 9) as packed:
                shutil.copyfileobj(plain, packed)
    building.chmod(0o755)
    try:
        building.rename(target)
    except OSError:  # another launcher finished first: use its copy
        shutil.rmtree(building, ignore_errors=True)
    return target


def nginx_config(listen: str, replica_ports: list[int], prefix: Path, static_root: Path, upload_mb: int) -> str:
    """The nginx configuration (``deploy/nginx.conf.template`` filled in) for these replicas, taking uploads of
    ``upload_mb`` (the replicas' ``server.maxUploadSize``)."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in replica_ports)
    # nginx started by root runs its workers as an unprivileged user, which must be able to read the static copy
    user_line = "user www-data;" if os.geteuid() == 0 else ""
    return TEMPLATE.read_text().format(user_line=user_line, prefix=prefix, listen=listen, static_root=static_root,
                                       upstream_servers=servers, max_body_mb=upload_mb + UPLOAD_ENVELOPE_MB)


def replica_command(port: int, upload_mb: int, secrets_file: Path | None = None) -> list[str]:
    """The ``streamlit run`` of one replica on 127.0.0.1:``port``, taking uploads of ``upload_mb``, reading its
    secrets from ``secrets_file`` (Streamlit's own places when None)."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port),
               "--server.maxUploadSize", str(upload_mb)]
    if secrets_file is not None:
        command += ["--secrets.files", str(Path(secrets_file).resolve())]
    return command


def _wait_healthy(url: str, processes: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        try:
            if urllib.request.urlopen(url, timeout=2).read().strip() == b"ok":
                return
        except OSError:
            pass
        for process, log in zip(processes, logs, strict=True):
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[:4]} exited with {process.returncode}:\n"
                                   + log.read_text()[-3000:])
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {START_TIMEOUT_SECONDS} s")
        time.sleep(0.25)


@dataclass
class Deployment:
    """A running set of replicas and their proxy."""

    url: str
    replica_urls: list[str]
    work_dir: Path
    replica_logs: list[Path]
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def access_log(self) -> Path:
        return self.work_dir / "access.log"


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # each was started in a session of its own: only its own group
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


@contextlib.contextmanager
def run_replicas(replicas: int = 2, port: int | None = None, work_dir: Path | None = None,
                 settings: dict[str, str] | None = None, secrets_file: Path | None = None,
                 static_cache: Path | None = None, host: str = "127.0.0.1") -> Iterator[Deployment]:
    """Start ``replicas`` Streamlit processes on 127.0.0.1 and nginx in front of them on ``host:port`` (a free port
    on 127.0.0.1 when None); ``settings`` are environment variables for the app (``SECTORSCOPE_DB``,
    ``SECTORSCOPE_MODE``, ...). The nginx configuration and every log go to ``work_dir`` (a new temporary folder,
    removed at the end, when None). Yields the running deployment; stops every process it started on exit."""
    if replicas < 1:
        raise ValueError("replicas must be at least 1")
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: apt-get install nginx")
    is_temporary = work_dir is None
    work_dir = Path(work_dir or tempfile.mkdtemp(prefix="sectorscope-replicas-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    work_dir.chmod(0o755)  # nginx's workers (www-data when started by root) keep request bodies in it
    static_root = precompress_static(Path(static_cache) if static_cache else default_static_cache())
    port = port or free_port()
    replica_ports = [free_port() for _ in range(replicas)]
    # one cookie secret for all replicas (a cookie signed by one is valid at all), through the environment: Streamlit
    # refuses it on the command line, where other users could read it
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
               STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_urlsafe(32), **(settings or {}))
    # Streamlit and nginx take every file SECTORSCOPE_MAX_UPLOAD_MB allows: both refused above 200 MB whatever it said
    upload_mb = config.streamlit_upload_megabytes(env)
    processes: list[subprocess.Popen] = []
    logs = [work_dir / f"replica-{number}.log" for number in range(1, replicas + 1)]
    try:
        for replica_port, log_path in zip(replica_ports, logs, strict=True):
            # appended to, never emptied at a start: the staff visits it records outlive a restart, and logrotate's
            # copytruncate can cut it (a file opened to write from its start went on at the old offset)
            with open(log_path, "a") as log:
                processes.append(subprocess.Popen(replica_command(replica_port, upload_mb, secrets_file),
                                                  cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                                  start_new_session=True))
        config_path = work_dir / "nginx.conf"
        config_path.write_text(nginx_config(f"{host}:{port}", replica_ports, work_dir, static_root, upload_mb))
        nginx_log = work_dir / "nginx.log"
        with open(nginx_log, "w") as log:
            processes.append(subprocess.Popen([NGINX, "-c", str(config_path), "-p", str(work_dir), "-g",
                                               "daemon off;"], stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True))
        all_logs = [*logs, nginx_log]
        for replica_port in replica_ports:
            _wait_healthy(f"http://127.0.0.1:{replica_port}/_stcore/health", processes, all_logs)
        reachable = "127.0.0.1" if host in ("0.0.0.0", "127.0.0.1") else host
        _wait_healthy(f"http://{reachable}:{port}/_stcore/health", processes, all_logs)
        yield Deployment(f"http://{reachable}:{port}", [f"http://127.0.0.1:{p}" for p in replica_ports], work_dir,
                         logs, processes)
    finally:
        _stop(processes)
        if is_temporary:
            shutil.rmtree(work_dir, ignore_errors=True)


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


# What ``streamlit run`` reads its secrets from, asked of Streamlit itself: the variable STREAMLIT_SECRETS_FILES
# (read by its command line, split as its click option splits it), else the ``secrets.files`` of its config.toml files,
# else its own places (the user's ~/.streamlit, then the folder's .streamlit)
_SECRETS_FILES_OF_A_RUN = """
import json, click
from streamlit import config
from streamlit.web import cli
run = cli.main.commands["run"]
option = next(parameter for parameter in run.params if parameter.name == "secrets_files")
from_environment = option.value_from_envvar(click.Context(run))
print(json.dumps(list(from_environment) if from_environment else config.get_option("secrets.files")))
"""


def default_secrets_files(env: dict[str, str] | None = None) -> list[Path]:
    """The secrets files a replica reads when ``--secrets`` is not given: those a ``streamlit run app.py`` in the
    project folder with the environment ``env`` (this process's when None) reads, as Streamlit works them out. The
    guard looked at Streamlit's default places only, so a STREAMLIT_SECRETS_FILES naming a file without sign-in
    passed it when ~/.streamlit/secrets.toml had one, and the replicas served the staff pages to anyone."""
    found = subprocess.run([sys.executable, "-c", _SECRETS_FILES_OF_A_RUN], cwd=PROJECT_ROOT, capture_output=True,
                           text=True, check=True, env=dict(os.environ if env is None else env))
    return [Path(path) for path in json.loads(found.stdout)]


def open_staff_refusal(host: str, mode: str, secrets: Path | None, allowed: bool,
                       default_secrets: list[Path] | None = None) -> str:
    """Why these replicas may not start, or "": staff pages (people's records, the Data page's uploads) served on a
    non-local address to anyone, with no sign-in configured (in ``secrets``, or when None in one of
    ``default_secrets``: ``default_secrets_files()`` when None), unless ``allowed``. The README's
    ``--host 0.0.0.0`` served them to the whole network by default (a reviewer)."""
    if host in LOCAL_HOSTS or mode == "public" or allowed:
        return ""
    if secrets is not None and not _signs_in(secrets):  # a mistyped path passed: anyone got the staff pages
        why = ("is not there" if not secrets.exists() else
               "is not named *.toml, and Streamlit reads no other file" if secrets.suffix != ".toml" else
               "has no [auth] table or cannot be read as TOML")
        return (f"--secrets {secrets} holds no sign-in (the file {why}), so --host {host} would serve the staff "
                "pages to anyone who can reach it. Give the secrets.toml with [auth] and [staff].")
    if secrets is not None:
        return ""
    # without --secrets a replica reads Streamlit's own places: an [auth] there signs staff in (it was refused)
    looked_at = default_secrets_files() if default_secrets is None else default_secrets
    if any(_signs_in(path) for path in looked_at):
        return ""
    return (f"--host {host} would serve the staff pages (people's records and the Data page) to anyone who can "
            f"reach it, with no sign-in (no [auth] table in {' or '.join(map(str, looked_at))}). Pass --mode public "
            "for the public showcase, --secrets with [auth] and [staff] for signed-in staff, or "
            "--open-staff-to-network if the network itself is trusted.")


def incomplete_sign_in(paths: list[Path]) -> str:
    """Why the sign-in configured in ``paths`` (TOML files with [auth]) cannot work, or "": the settings Streamlit's
    sign-in needs and the file lacks (``config.missing_auth_settings``). Started anyway, the first visitor to click
    "Staff sign-in" read the error (a deployment reviewer)."""
    for path in paths:
        if not _signs_in(path) or path.is_dir():
            continue
        missing = config.missing_auth_settings(tomllib.loads(path.read_text(encoding="utf-8"))["auth"])
        if missing:
            return f"the sign-in in {path} lacks {', '.join(missing)}: nobody could sign in. Add them and start again."
    return ""


def _signs_in(secrets: Path) -> bool:
    """Does ``secrets`` configure sign-in: a readable TOML file with an [auth] table, or a folder of secrets as
    Streamlit reads one (a folder per table, as Kubernetes mounts them) with an ``auth`` folder? Only a path Streamlit
    reads at all: a file named ``*.toml`` or a folder (a good.conf passed here, and every replica, refusing it,
    served the staff pages to anyone: a reviewer)."""
    if secrets.is_dir():
        return (secrets / "auth").is_dir()
    if secrets.suffix != ".toml":
        return False
    try:
        return isinstance(tomllib.loads(secrets.read_text(encoding="utf-8")).get("auth"), dict)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (default 2)")
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (default 127.0.0.1; "
                                                            "0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=8080, help="port nginx listens on (default 8080)")
    parser.add_argument("--db", type=Path, help="database file for every replica (SECTORSCOPE_DB); default: the "
                                                "active database in data/")
    parser.add_argument("--secrets", type=Path, help="secrets.toml with [auth] and [staff] for sign-in (default: "
                                                     "what streamlit run reads: STREAMLIT_SECRETS_FILES, else "
                                                     "~/.streamlit/ and the project's .streamlit/)")
    parser.add_argument("--mode", choices=("staff", "public"),
                        help="SECTORSCOPE_MODE of every replica (default: the environment's, else staff)")
    parser.add_argument("--open-staff-to-network", action="store_true",
                        help="serve the staff pages on a non-local address without sign-in (refused otherwise)")
    parser.add_argument("--work-dir", type=Path, default=PROJECT_ROOT / "deploy" / "run",
                        help="nginx configuration and logs (default: deploy/run); nginx's workers must be able to "
                             "reach it")
    args = parser.parse_args(argv)
    mode = args.mode or os.environ.get("SECTORSCOPE_MODE", "staff")
    refusal = open_staff_refusal(args.host, mode, args.secrets, args.open_staff_to_network) or incomplete_sign_in(
        [args.secrets] if args.secrets else default_secrets_files())
    if refusal:
        parser.error(refusal)
    settings = {"SECTORSCOPE_DB": str(args.db.resolve())} if args.db else {}
    if args.mode:
        settings["SECTORSCOPE_MODE"] = args.mode
    if not args.db:
        from sectorscope.sources.builder import build_demo_database

        if not config.database_path().exists():  # built once here, not by every replica at its first start
            print(f"First start: building the synthetic demo database {config.database_path()} ...", flush=True)
            build_demo_database(config.database_path())
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        with run_replicas(args.replicas, args.port, args.work_dir, settings, args.secrets,
                          host=args.host) as deployment:
            print(f"Sectorscope on {deployment.url} ({args.replicas} replicas: "
                  f"{', '.join(deployment.replica_urls)}); logs in {deployment.work_dir}. Ctrl+C stops.", flush=True)
            while not stopping and all(process.poll() is None for process in deployment.processes):
                time.sleep(1)
    except UnsafeStaticFolder as refusal:  # said as what to do, not as a traceback
        print(f"Not started: {refusal}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
