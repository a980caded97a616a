"""Fifty clients logging asks at once through the API store every ask exactly once, without an
error: on SQLite behind one production server, and on PostgreSQL behind two servers while two
task workers send digests.

Each client logs 40 asks in the suite: fifty at once make the contention, however many asks
each sends. NOMENTUM_LOAD_ASKS=200 is the full run (10,000 asks).
"""

import http.client
import json
import os
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tests.conftest import only_on
from tests.notify.conftest import SmtpServer
from tests.system.conftest import WAIT, Deployment, Server, in_background, measured, stop

CLIENTS = 50
ASKS_EACH = int(os.environ.get("NOMENTUM_LOAD_ASKS") or 40)
# A request waits its turn behind the other clients', and the load runs in the background
# (in_background): its answer may take a while when the rest of the suite runs beside it.
ANSWER_WITHIN = 5 * WAIT


@dataclass
class Load:
    """What the clients saw: answers by status, connection errors, and how long it took."""

    statuses: Counter = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)  # a non-2xx answer, with its body
    errors: list[str] = field(default_factory=list)  # a connection that failed
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len(self.errors)


def client(url: str, username: str, token: str, start: threading.Barrier, load: Load) -> None:
    """Log ASKS_EACH asks over one keep-alive connection, each titled uniquely."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=ANSWER_WITHIN)
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    start.wait()
    for number in range(ASKS_EACH):
        body = json.dumps({"title": f"{username} ask {number:03d}", "recipient": "Editor"})
        try:
            connection.request("POST", "/api/v1/asks", body, headers)
            response = connection.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as error:
            # Not sent again: a retry could store the ask twice and hide a lost answer.
            with load.lock:
                load.errors.append(f"{username} ask {number}: {error!r}")
            connection.close()
            continue
        with load.lock:
            load.statuses[response.status] += 1
            if not 200 <= response.status < 300:
                load.refused.append(f"{username} ask {number}: {response.status} {answer[:300]!r}")
    connection.close()


def run_load(servers: list[Server], tokens: dict[str, str]) -> Load:
    """Start one thread a person, spread over the servers, all at once; wait for them all."""
    load = Load()
    start = threading.Barrier(len(tokens) + 1)
    threads = [
        threading.Thread(
            target=client, args=(servers[i % len(servers)].url, name, token, start, load)
        )
        for i, (name, token) in enumerate(sorted(tokens.items()))
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    load.elapsed = time.monotonic() - began
    return load


def get(server: Server, path: str, token: str) -> dict:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=WAIT)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        assert response.status == 200, response.read()
        answer: dict = json.loads(response.read())
        return answer
    finally:
        connection.close()


def check_stored(site: Deployment, servers: list[Server], tokens: dict[str, str], before: int):
    """Every ask stored exactly once, ASKS_EACH a person, and the API counts the same."""
    total = CLIENTS * ASKS_EACH
    logged = "FROM asks_ask WHERE title LIKE '% ask %'"
    assert site.query(f"SELECT count(*) {logged}") == [(total,)]
    doubled = site.query(
        f"SELECT user_id, title, count(*) {logged} GROUP BY user_id, title HAVING count(*) > 1"
    )
    assert doubled == []
    per_person = dict(
        site.query(
            "SELECT u.username, count(*) FROM asks_ask a JOIN accounts_user u ON u.id = a.user_id "
            "WHERE a.title LIKE u.username || ' ask %' GROUP BY u.username"
        )
    )
    assert per_person == dict.fromkeys(tokens, ASKS_EACH)
    assert site.query("SELECT count(*) FROM asks_ask") == [(total + before * CLIENTS,)]
    for i, (name, token) in enumerate(sorted(tokens.items())):
        listed = get(servers[i % len(servers)], "/api/v1/asks?limit=1", token)
        assert listed["count"] == ASKS_EACH + before, name


def check_clean(load: Load, site: Deployment) -> None:
    assert load.errors == [], load.errors[:10]
    assert load.refused == [], load.refused[:10]
    assert load.statuses == {201: CLIENTS * ASKS_EACH}
    logs = site.logs()
    assert "database is locked" not in logs
    assert "Traceback" not in logs, logs[max(0, logs.index("Traceback") - 2000) :][:6000]


def figure(site: Deployment, servers: list[Server], load: Load, extra: str = "") -> str:
    return (
        f"concurrency on {site.database}, {len(servers)} server(s) of 2 processes{extra}: "
        f"{CLIENTS} clients, {CLIENTS * ASKS_EACH:,} asks, {load.requests / load.elapsed:.0f} "
        f"requests/s, {len(load.errors)} errors, {len(load.refused)} non-2xx, "
        f"{load.elapsed:.1f} s"
    )


@only_on("sqlite")
def test_fifty_clients_on_sqlite_store_every_ask_once(deployment, record_property):
    tokens = deployment.people(CLIENTS, "c")
    servers = [deployment.serve()]
    in_background(*(server.process for server in servers))

    load = run_load(servers, tokens)

    measured(record_property, figure(deployment, servers, load))
    check_clean(load, deployment)
    check_stored(deployment, servers, tokens, before=0)
    assert deployment.query("PRAGMA integrity_check") == [("ok",)]


@only_on("postgresql")
def test_fifty_clients_on_two_postgresql_servers_store_every_ask_once(
    deployment, smtp: SmtpServer, record_property
):
    tokens = deployment.people(CLIENTS, "p", digest_due=True)
    servers = [deployment.serve(), deployment.serve()]
    # Running through the load: each schedules the digests due as it starts, then sends.
    workers = [deployment.worker(name) for name in ("worker-a", "worker-b")]
    in_background(*(server.process for server in servers), *workers)

    load = run_load(servers, tokens)

    deadline = time.monotonic() + WAIT
    sent = "SELECT count(*) FROM notify_email WHERE status = 'sent'"
    while deployment.query(sent) != [(CLIENTS,)] and time.monotonic() < deadline:
        time.sleep(0.2)
    for worker in workers:
        stop(worker)
    recipients = Counter(smtp.inbox.recipients)
    measured(
        record_property,
        figure(deployment, servers, load, extra=", 2 workers")
        + f"; {len(recipients)} digests to {CLIENTS} people, {sum(recipients.values())} sent",
    )
    check_clean(load, deployment)
    check_stored(deployment, servers, tokens, before=1)
    assert deployment.query("SELECT status, count(*) FROM notify_email GROUP BY status") == [
        ("sent", CLIENTS)
    ]
    assert recipients == Counter({f"{name}@example.com": 1 for name in tokens})
    assert [worker.returncode for worker in workers] == [0, 0], deployment.logs()
