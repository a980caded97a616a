"""The benchmark suite: seed, start the production server, load it with wrk, write the results.

    .venv/bin/python bench/run.py                      # make bench: S and M, SQLite and PostgreSQL
    .venv/bin/python bench/run.py --scales L           # make bench-large
    .venv/bin/python bench/run.py --scales S --databases sqlite --duration 5

For each database and scale: seed a fresh database (bench/seed.py: a SQLite file in
a temp dir, or a PostgreSQL database of its own, bench_<scale>, created here and
dropped at the end), migrate and collect static files as `make run` does, start
scripts/serve (granian, 2 workers x 4 threads, DEBUG off, the default environment)
on a free port, and drive it from wrk on loopback. Every target gets a warm-up and
then a timed run; the floor (/healthz) is measured first and last in the same run.
The import of 10,000 rows is one long request, timed a few times instead.
Query counts come from the same requests made once in-process (bench/seed.py).

PostgreSQL is used when BENCH_DATABASE_URL names a server (any existing database on
it; bench_<scale> is created beside it), else when 127.0.0.1:5432 answers as postgres.
Results go to bench/results/<database>-<scale>.json; bench/report.py then writes
docs/PERFORMANCE.md and docs/perf-latency.svg from every results file present.
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = REPO / ".venv" / "bin" / "python"
RESULTS = BENCH / "results"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
WORKERS = 2  # scripts/serve's defaults, as `make run` starts it
THREADS = 4
PAGE_CONNECTIONS = 8  # as many as the server has threads: it is busy, nothing waits in its backlog
WRITE_CONNECTIONS = 32  # the 32 concurrent clients logging asks
MIN_REQUESTS = 40  # fewer in a timed run, and it is run again, three times as long
MAX_SECONDS = 54

# What is measured. auth: none, session (a page) or token (the API).
TARGETS = [
    {"name": "floor", "label": "/healthz (floor)", "path": "/healthz", "auth": "none"},
    {"name": "home", "label": "home page", "path": "/", "auth": "session"},
    {"name": "ask_list", "label": "ask list page", "path": "/asks/", "auth": "session"},
    {"name": "board", "label": "board page", "path": "/challenges/{challenge}/", "auth": "session"},
    {"name": "stats_page", "label": "stats page", "path": "/insights/", "auth": "session"},
    {"name": "stats_api", "label": "GET /api/v1/stats", "path": "/api/v1/stats", "auth": "token"},
    {
        "name": "forecast_api",
        "label": "GET /api/v1/forecast",
        "path": "/api/v1/forecast?yeses=2",
        "auth": "token",
    },
    {
        "name": "log_ask",
        "label": "log an ask: POST /api/v1/asks",
        "path": "/api/v1/asks",
        "auth": "token",
        "kind": "log",
        "connections": WRITE_CONNECTIONS,
    },
    {
        # The same 32 clients, each logging an ask every 2 s or so (1-3 s apart):
        # latency when the server is not saturated.
        "name": "log_ask_paced",
        "label": "log an ask, 32 clients each every ~2 s",
        "path": "/api/v1/asks",
        "auth": "token",
        "kind": "log",
        "connections": WRITE_CONNECTIONS,
        "pace_ms": 2000,
    },
    {
        "name": "answer_ask",
        "label": "answer an ask: PATCH /api/v1/asks/{id}",
        "path": "/api/v1/asks/{id}",
        "auth": "token",
        "kind": "answer",
    },
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="S,M", help="comma-separated: S, M, L")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql"
    )
    parser.add_argument("--duration", type=int, default=6, help="seconds of each timed run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each")
    parser.add_argument("--only", help="comma-separated target names (default: all)")
    parser.add_argument("--no-report", action="store_true", help="skip bench/report.py")
    parser.add_argument("--keep", action="store_true", help="keep the server up at the end")
    return parser.parse_args()


# Every command here is a fixed program (wrk, git, this venv's python, scripts/serve)
# with arguments built here, never from outside input.

# Databases ---------------------------------------------------------------------------


def postgres_server() -> str | None:
    """Return the URL of a PostgreSQL server to use, or None to skip PostgreSQL."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        return url
    try:
        import psycopg

        with psycopg.connect(DEFAULT_POSTGRES, connect_timeout=2):
            return DEFAULT_POSTGRES
    except Exception:  # any failure means: no PostgreSQL here
        return None


def admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


def database_env(database: str, scale: str, server: str | None, workdir: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # The default environment with DEBUG off, as `make run` gives: no HTTPS redirect,
        # no Redis (the cache and sessions stay in the database under test).
        if key not in {"DATABASE_URL", "REDIS_URL", "NOMENTUM_ENV", "DEBUG", "SECRET_KEY"}
    }
    env["NOMENTUM_DATA_DIR"] = str(workdir / "data")
    env["DJANGO_SETTINGS_MODULE"] = "nomentum.settings"
    env["PYTHONPATH"] = str(REPO)
    if database == "postgresql":
        assert server
        name = f"bench_{scale.lower()}"
        admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin(server, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = urlunsplit(urlsplit(server)._replace(path="/" + name))
    return env


# The server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """scripts/serve on a free port, in a process group of its own."""

    def __init__(self, env: dict, workdir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**env, "HOST": "127.0.0.1", "PORT": str(self.port)}
        env["WEB_CONCURRENCY"] = str(WORKERS)
        env["NOMENTUM_THREADS"] = str(THREADS)
        self.log = open(workdir / "server.log", "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603
            [str(REPO / "scripts" / "serve")],
            cwd=REPO,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"the server stopped; see {workdir / 'server.log'}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200 and len(self.workers()) >= WORKERS:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        sys.exit("the server did not answer within 60 s")

    def workers(self) -> list[int]:
        """Return the server's worker processes: the children of granian's main process."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def memory(self) -> dict:
        workers = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            values = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
            workers.append(
                {
                    "pid": pid,
                    "rss_mb": round(int(values["VmRSS"]) / 1024, 1),
                    "peak_rss_mb": round(int(values["VmHWM"]) / 1024, 1),
                }
            )
        return {
            "workers": workers,
            "max_rss_mb": max(w["rss_mb"] for w in workers),
            "max_peak_rss_mb": max(w["peak_rss_mb"] for w in workers),
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# Load ------------------------------------------------------------------------------------


def wrk(server: Server, target: dict, fixture: dict, seconds: int, label: str) -> dict:
    connections = target.get("connections", PAGE_CONNECTIONS)
    env = {**os.environ, "BENCH_KIND": target.get("kind", "get"), "BENCH_RUN": label}
    if target["auth"] == "session":
        env["BENCH_SESSION"] = fixture["session"]
        env["BENCH_COOKIES"] = fixture.get("cookies", "")
    elif target["auth"] == "token":
        env["BENCH_TOKEN"] = fixture["token"]
    env["BENCH_IDS_FILE"] = fixture["pending_ids_file"]
    if "pace_ms" in target:
        env["BENCH_PACE_MS"] = str(target["pace_ms"])
    path = target["path"].replace("{challenge}", str(fixture["challenge_id"]))
    path = path.replace("{id}", "0")  # the answer target's script picks the id
    # One wrk thread: the load client takes one core at most, the server the rest.
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(BENCH / "wrk.lua"), server.base + path]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"wrk failed on {path}:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    latency = raw["latency_us"]
    return {
        "path": path,
        "connections": connections,
        "seconds": round(raw["duration_us"] / 1e6, 2),
        "requests": raw["requests"],
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(latency["p50"] / 1000, 2),
        "p95_ms": round(latency["p95"] / 1000, 2),
        "p99_ms": round(latency["p99"] / 1000, 2),
        "max_ms": round(latency["max"] / 1000, 2),
        "mean_ms": round(latency["mean"] / 1000, 2),
        "non_2xx": raw["non_2xx"],
        "socket_errors": raw["errors"],
    }


def measure(server: Server, target: dict, fixture: dict, args: argparse.Namespace) -> dict:
    wrk(server, target, fixture, args.warmup, f"warm-{target['name']}-{time.time_ns()}")
    seconds = args.duration
    while True:
        cpu_before = server.cpu_seconds()
        load_before = os.getloadavg()[0]
        label = f"run-{target['name']}-{time.time_ns()}"
        result = wrk(server, target, fixture, seconds, label)
        cpu = server.cpu_seconds() - cpu_before
        # A slow page serves few requests in a short run: too few for a p95. Run longer.
        if result["requests"] >= MIN_REQUESTS or seconds >= MAX_SECONDS:
            break
        seconds = min(MAX_SECONDS, seconds * 3)
    result["server_cpu_ms_per_request"] = round(cpu * 1000 / max(result["requests"], 1), 2)
    result["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    result["queries"] = fixture.get("queries", {}).get(target["name"])
    if result["non_2xx"] or any(result["socket_errors"].values()):
        print(f"    ! {result['non_2xx']} non-2xx, errors {result['socket_errors']}")
    return result


def multipart(path: Path) -> tuple[bytes, str]:
    boundary = "nomentum-bench-boundary"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body += path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def time_import(server: Server, fixture: dict) -> dict:
    """POST the 10,000-row CSV once per import account; return the timings."""
    body, content_type = multipart(Path(fixture["import_file"]))
    seconds = []
    for token in fixture["import_tokens"]:
        request = urllib.request.Request(  # noqa: S310 (loopback)
            server.base + "/api/v1/import",
            data=body,
            method="POST",
            headers={"Content-Type": content_type, "Authorization": f"Bearer {token}"},
        )
        began = time.perf_counter()
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            answer = json.loads(response.read())
        seconds.append(time.perf_counter() - began)
        if answer.get("created") != fixture["import_rows"]:
            sys.exit(f"the import answered {answer}")
    return {
        "rows": fixture["import_rows"],
        "runs_s": [round(s, 3) for s in seconds],
        "median_s": round(statistics.median(seconds), 3),
        "min_s": round(min(seconds), 3),
        "rows_per_s": round(fixture["import_rows"] / statistics.median(seconds)),
        "queries": fixture.get("queries", {}).get("import"),
    }


# One run ---------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1]
    wrk_version = subprocess.run(
        ["wrk", "-v"],  # noqa: S607 (wrk from PATH, as the docs say to install it)
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "python": platform.python_version(),
        "wrk": (wrk_version.stdout or wrk_version.stderr).split(" [")[0].strip(),
        "kernel": platform.release(),
    }


def git_commit() -> dict:
    def git(*args: str) -> str:
        done = subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip()

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain")),
    }


def database_version(env: dict) -> str:
    code = (
        "import django; django.setup(); from django.db import connection;"
        "c = connection.cursor();"
        "c.execute('SELECT sqlite_version()' if connection.vendor == 'sqlite'"
        " else 'SHOW server_version'); print(c.fetchone()[0])"
    )
    done = subprocess.run(  # noqa: S603
        [str(PYTHON), "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def run_one(database: str, scale: str, server_url: str | None, args: argparse.Namespace) -> None:
    began = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix=f"nomentum-bench-{database}-{scale}-"))
    env = database_env(database, scale, server_url, workdir)
    targets = [t for t in TARGETS if not args.only or t["name"] in args.only.split(",")]
    if targets[0]["name"] != "floor":
        targets.insert(0, TARGETS[0])
    server = None
    try:
        print(f"{database} {scale}: seeding...", flush=True)
        (workdir / "targets.json").write_text(json.dumps(targets))
        fixture_path = workdir / "fixture.json"
        seed = [str(PYTHON), str(BENCH / "seed.py"), "--scale", scale]
        subprocess.run(  # noqa: S603
            [*seed, "--fixture", str(fixture_path), "--targets", str(workdir / "targets.json")],
            env=env,
            cwd=REPO,
            check=True,
        )
        fixture = json.loads(fixture_path.read_text())
        print(
            f"  seeded {fixture['counts']['asks']:,} asks in {fixture['seconds']['seed']} s "
            f"(ready in {fixture['seconds']['total']} s)",
            flush=True,
        )
        server = Server(env, workdir)
        results: dict[str, dict] = {}
        for target in [*targets, {**TARGETS[0], "name": "floor_end"}]:
            name = target["name"]
            if name == "floor_end":
                target = {**target, "label": "/healthz (floor, again at the end)"}
            result = measure(server, target, fixture, args)
            result["label"] = target["label"]
            if "pace_ms" in target:
                result["pace_ms"] = target["pace_ms"]
            if name == "floor_end":
                result["queries"] = fixture.get("queries", {}).get("floor")
            results[name] = result
            print(
                f"  {target['label']:<42} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f}"
                f"  p95 {result['p95_ms']:7.1f}  p99 {result['p99_ms']:7.1f} ms"
                f"  cpu {result['server_cpu_ms_per_request']:6.1f} ms/req"
                f"  queries {result['queries']}",
                flush=True,
            )
        memory = server.memory()
        imports = time_import(server, fixture)
        print(
            f"  import of {imports['rows']:,} rows: median {imports['median_s']} s "
            f"{imports['runs_s']}; worker RSS {memory['max_rss_mb']} MB "
            f"(peak {memory['max_peak_rss_mb']} MB)",
            flush=True,
        )
        memory_after_import = server.memory()
        record = {
            "database": database,
            "database_version": database_version(env),
            "scale": scale,
            "data": fixture["counts"],
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **git_commit(),
            "machine": machine(),
            "settings": {
                "server": f"scripts/serve: granian, {WORKERS} workers x {THREADS} threads",
                "wrk": f"-t1, {PAGE_CONNECTIONS} connections ({WRITE_CONNECTIONS} to log asks)",
                "duration_s": args.duration,
                "warmup_s": args.warmup,
            },
            "targets": results,
            "import": imports,
            "memory": memory,
            "memory_after_import": memory_after_import,
            "seconds": {**fixture["seconds"], "run": round(time.perf_counter() - began, 1)},
        }
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{database}-{scale}.json"
        out.write_text(json.dumps(record, indent=1) + "\n")
        print(f"  wrote {out.relative_to(REPO)} ({record['seconds']['run']} s)", flush=True)
        if args.keep:
            print(f"  server kept at {server.base}; Ctrl-C to stop", flush=True)
            signal.pause()
    finally:
        if server:
            server.stop()
        if database == "postgresql" and server_url:
            admin(server_url, f"DROP DATABASE IF EXISTS bench_{scale.lower()} WITH (FORCE)")
        shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    began = time.perf_counter()
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    server_url = None
    if "postgresql" in databases:
        server_url = postgres_server()
        if server_url is None:
            print("PostgreSQL is not reachable at 127.0.0.1:5432 (set BENCH_DATABASE_URL): skipped")
            databases.remove("postgresql")
    for database in databases:
        for scale in [s.strip().upper() for s in args.scales.split(",")]:
            run_one(database, scale, server_url, args)
    print(f"total {time.perf_counter() - began:.0f} s", flush=True)
    if not args.no_report:
        subprocess.run([str(PYTHON), str(BENCH / "report.py")], cwd=REPO, check=True)  # noqa: S603


if __name__ == "__main__":
    main()
