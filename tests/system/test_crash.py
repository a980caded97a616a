"""kill -9 in the middle of work leaves consistent data and nothing to repair by hand: the
server killed during a large import stored all of the file or none of it, and a task worker
killed while sending digests sends none of them twice once it is started again.
"""

import http.client
import json
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from tests.notify.conftest import SmtpServer
from tests.system.conftest import WAIT, Deployment, Server, kill, measured, stop

ROWS = 20_000  # some seconds of reading and checking the rows, then some of writing them
HELD = 0.5  # seconds the import must have held the write lock before the kill


def csv_file(rows: int) -> bytes:
    lines = ["Title,Publication,Date Sent,Status"]
    lines += [
        f"Import row {n:05d},Editor {n % 40},2026-{n % 12 + 1:02d}-01,Rejected" for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def request(
    server: Server, method: str, path: str, token: str, body: bytes = b"", content_type: str = ""
) -> tuple[int, dict]:
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=WAIT * 2)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    try:
        connection.request(method, path, body or None, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def upload(server: Server, token: str, data: bytes) -> tuple[int, dict]:
    """POST the file to /api/v1/import as multipart/form-data, field `file`."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="asks.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return request(
        server, "POST", "/api/v1/import", token, body, f"multipart/form-data; boundary={boundary}"
    )


def writing(site: Deployment) -> Callable[[], bool]:
    """Return a probe: True while some connection holds an open write transaction."""
    if site.database == "sqlite":
        path = site.data / "nomentum.sqlite3"

        def sqlite_writing() -> bool:
            # The import's transaction is IMMEDIATE: it holds the write lock from its start.
            probe = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError as error:
                assert "locked" in str(error)
                return True
            finally:
                probe.close()

        return sqlite_writing

    def postgresql_writing() -> bool:
        # A transaction gets an id at its first write (the import's row lock on its person).
        found = site.query(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return found != [(0,)]

    return postgresql_writing


def imported(site: Deployment) -> tuple[int, int]:
    """Return how many asks the file's rows became, and how many distinct titles they have."""
    [(rows, titles)] = site.query(
        "SELECT count(*), count(DISTINCT title) FROM asks_ask WHERE title LIKE 'Import row %'"
    )
    return rows, titles


def test_a_server_killed_during_a_large_import_stores_all_or_nothing(
    deployment: Deployment, record_property
):
    [token] = deployment.people(1, "importer").values()
    data = csv_file(ROWS)
    server = deployment.serve()
    # Once now, so that the token's "last used" write is not mistaken for the import's.
    assert request(server, "GET", "/api/v1/me", token)[0] == 200

    answers: list[object] = []

    def send() -> None:
        try:
            answers.append(upload(server, token, data))
        except (OSError, http.client.HTTPException) as error:
            answers.append(error)

    probe = writing(deployment)
    settled = time.monotonic() + WAIT
    while probe():  # a write that follows a request by a moment is not the import's
        assert time.monotonic() < settled, "the database never fell quiet"
        time.sleep(0.01)
    sender = threading.Thread(target=send)
    began = time.monotonic()
    sender.start()
    # The import's writing holds the write lock for seconds: wait until it has for a while,
    # so that no short write of something else is taken for it.
    deadline = began + WAIT * 2
    since = None
    while since is None or time.monotonic() - since < HELD:
        assert not answers, f"the import finished before it could be interrupted: {answers}"
        assert time.monotonic() < deadline, "the import never started writing"
        held = probe()
        since = (since or time.monotonic()) if held else None
        time.sleep(0.005)
    assert since is not None
    writing_after = since - began
    kill(server.process)
    sender.join(WAIT)
    assert answers and isinstance(answers[0], Exception), answers  # no answer: it was killed

    stored, _ = imported(deployment)
    measured(
        record_property,
        f"crash during import on {deployment.database}: {ROWS:,} rows, server killed (kill -9) "
        f"{HELD} s into the import's writing ({writing_after + HELD:.1f} s after the upload "
        f"began), {stored:,} stored, "
        f"{'all or nothing' if stored in (0, ROWS) else 'HALF AN IMPORT'}",
    )
    assert stored in (0, ROWS)
    if deployment.database == "sqlite":
        assert deployment.query("PRAGMA integrity_check") == [("ok",)]

    restarted = deployment.serve()
    status, ask = request(
        restarted, "POST", "/api/v1/asks", token, json.dumps({"title": "After"}).encode(),
        "application/json",
    )  # fmt: skip
    assert status == 201, ask
    status, report = upload(restarted, token, data)
    assert status == 200, report
    assert (report["created"], report["skipped"]) == (ROWS - stored, stored)
    assert imported(deployment) == (ROWS, ROWS)
    status, listed = request(restarted, "GET", "/api/v1/asks?limit=1", token)
    assert (status, listed["count"]) == (200, ROWS + 1)
    logs = deployment.logs()
    assert "database is locked" not in logs


def test_a_worker_killed_while_sending_digests_sends_none_twice_once_restarted(
    deployment: Deployment, smtp: SmtpServer, record_property
):
    people = 40
    deployment.people(people, "d", digest_due=True)
    inbox = smtp.inbox

    doomed = deployment.worker("doomed")  # schedules the digests as it starts, then sends
    deadline = time.monotonic() + WAIT
    while len(inbox.recipients) < people // 4:
        assert doomed.poll() is None, deployment.logs()
        assert time.monotonic() < deadline, f"{len(inbox.recipients)} digests sent in {WAIT} s"
        time.sleep(0.01)
    kill(doomed)
    before = len(inbox.recipients)

    # Started again, as a supervisor would: it finishes the queue.
    restarted = deployment.worker("restarted")
    unfinished = (
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY' "
        "OR (status = 'RUNNING' AND CAST(worker_ids AS text) NOT LIKE '%doomed%')"
    )
    deadline = time.monotonic() + WAIT
    while deployment.query(unfinished) != [(0,)]:
        assert restarted.poll() is None, deployment.logs()
        assert time.monotonic() < deadline, deployment.logs()
        time.sleep(0.1)
    stop(restarted)

    recipients = Counter(inbox.recipients)
    statuses = Counter(
        dict(deployment.query("SELECT status, count(*) FROM notify_email GROUP BY status"))
    )
    measured(
        record_property,
        f"crash while sending digests on {deployment.database}: {people} digests, worker "
        f"killed (kill -9) after {before} sent, restarted: {len(recipients)} delivered, "
        f"{sum(n > 1 for n in recipients.values())} twice, {statuses['sending']} left in flight",
    )
    assert restarted.returncode == 0, deployment.logs()
    assert max(recipients.values()) == 1, [to for to, n in recipients.items() if n > 1]
    # The one the killed worker was sending, if any, stays `sending`: perhaps delivered, never
    # sent again. Every other digest went out once.
    assert statuses["sending"] <= 1 and statuses["sent"] + statuses["sending"] == people
    sent = deployment.query(
        "SELECT u.email FROM notify_email e JOIN accounts_user u ON u.id = e.user_id "
        "WHERE e.status = 'sent'"
    )
    assert all(recipients[address] == 1 for (address,) in sent)
    assert len(recipients) >= people - statuses["sending"]
    # Nothing left to repair: the scheduler, run again, queues nothing more.
    tick = "from nomentum.notify import schedule; print(schedule.tick().queued)"
    assert deployment.manage("shell", "-v", "0", "-c", tick).split() == ["0"]
    assert "Traceback" not in deployment.logs()
