"""`nomentum backup` copies the database as it was at one instant, even under writes.

The check, in full: while `nomentum serve` takes asks through the API and
two more processes each commit "ask n + my counter = n" in one transaction,
`nomentum backup` runs, and `nomentum restore` puts its file into an empty
data dir. Then, comparing the restored database with the source's final
state (S1) and its state before the writers started (S0):

1. asks: the restored rows equal, column for column, the source's rows with
   an id up to the largest restored id. Ids are handed out under SQLite's
   write lock and committed in that order, so one instant of the database
   holds exactly such a prefix; a gap, an extra or a differing row fails.
2. per writer: its restored asks are numbers 1..m with no gap, each with
   the exact columns the writer wrote for that number (no torn rows), and
   for the transactional writers the counter written in the same
   transaction says m (no transaction split by the copy).
3. the copy was taken mid-stream: more asks than when the backup began,
   fewer than at the end.
4. every other table equals the source row for row (where the run wrote
   nothing to it), or holds only rows that the source held before or after
   the run (e.g. a token's "last used" time); sqlite_sequence agrees.
"""

import datetime as dt
import hashlib
import json
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.cli.conftest import ROOT, environment, nomentum, ok, rows, tables
from tests.cli.writer import expected

WRITERS = ("writer-1", "writer-2")
NOMENTUM = [sys.executable, "-m", "nomentum.cli"]
DATABASE = "nomentum.sqlite3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def count_asks(database: Path) -> int:
    with sqlite3.connect(database, timeout=20) as db:
        (count,) = db.execute("SELECT count(*) FROM asks_ask").fetchone()
    db.close()
    return count


def wait_for(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def writer(data_dir: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own test helper, fixed arguments)
        [sys.executable, "-m", "tests.cli.writer", *args],
        cwd=ROOT,
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


class ApiWriter(threading.Thread):
    """Post asks api-000001, api-000002, ... one after another until stopped."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(daemon=True)
        self.url, self.token = url, token
        self.stop = threading.Event()
        self.acknowledged = 0
        self.errors: list[str] = []

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            ask = expected("api", n)
            body = {
                "title": ask["title"],
                "recipient": ask["recipient"],
                "asked_on": ask["asked_on"].isoformat(),
                "notes": ask["notes"],
                "amount": str(ask["amount"]),
            }
            request = urllib.request.Request(  # noqa: S310 (loopback)
                f"{self.url}/api/v1/asks",
                data=json.dumps(body).encode(),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                    assert response.status == 201
            except (urllib.error.URLError, AssertionError) as error:
                self.errors.append(f"ask {n}: {error}")
                return
            self.acknowledged = n


def serve(data_dir: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
            [*NOMENTUM, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
            cwd=ROOT,
            env=environment(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def healthy() -> bool:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    wait_for(healthy, "the server to answer")
    return server


def snapshot(database: Path) -> dict[str, list[tuple]]:
    return {table: rows(database, table) for table in tables(database)}


def columns(database: Path, table: str) -> list[str]:
    with sqlite3.connect(database) as db:
        found = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
    db.close()
    return found


def nomentum_writer_setup(data_dir: Path) -> subprocess.CompletedProcess[str]:
    process = writer(data_dir, "setup", *WRITERS)
    out, err = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_under_writes_restores_to_one_consistent_instant(data_dir, tmp_path):
    source = data_dir / DATABASE
    token = ok(nomentum_writer_setup(data_dir)).strip()
    port = free_port()
    server = serve(data_dir, port, tmp_path / "server.log")
    stop = tmp_path / "stop"
    before = snapshot(source)
    processes = [writer(data_dir, "write", name, str(stop)) for name in WRITERS]
    api = ApiWriter(f"http://127.0.0.1:{port}", token)
    api.start()
    try:
        wait_for(lambda: count_asks(source) >= 300, "the writers to get going")
        at_start = count_asks(source)
        backup = tmp_path / "backups" / "mid-stream.sqlite3"
        out = ok(nomentum(data_dir, "backup", "--output", str(backup)))
        at_end = count_asks(source)
        assert f"Backed up the database to {backup}" in out
        wait_for(lambda: count_asks(source) >= at_end + 300, "writes after the backup")
    finally:
        stop.touch()
        api.stop.set()
        api.join(30)
        outputs = [p.communicate(timeout=60) for p in processes]
        server.terminate()
        server.wait(20)
    assert [p.returncode for p in processes] == [0, 0], outputs
    committed = [int(out) for out, _ in outputs]
    assert api.errors == [], (tmp_path / "server.log").read_text()[-3000:]

    restored_dir = tmp_path / "restored"
    out = ok(nomentum(restored_dir, "restore", str(backup)))
    restored = restored_dir / DATABASE
    assert "integrity check passed" in out
    after = snapshot(source)
    copy = snapshot(restored)
    assert copy == snapshot(backup)
    assert set(copy) == set(after)

    # 1. The asks are the source's first asks, column for column.
    asks = copy.pop("asks_ask")
    last_id = max(row[0] for row in asks)
    assert asks == [row for row in after["asks_ask"] if row[0] <= last_id]
    # 3. Taken mid-stream.
    assert at_start <= len(asks) <= at_end < len(after["asks_ask"])
    assert len(asks) > len(before["asks_ask"])

    # 2. Each writer's asks are 1..m, whole, and agree with its counter.
    names = columns(restored, "asks_ask")
    users = {row[0]: row for row in copy["accounts_user"]}
    username = columns(restored, "accounts_user").index("username")
    display = columns(restored, "accounts_user").index("display_name")
    by_writer: dict[str, list[dict]] = {}
    for row in asks:
        ask = dict(zip(names, row, strict=True))
        by_writer.setdefault(users[ask["user_id"]][username], []).append(ask)
    for name, found in by_writer.items():
        count = len(found)
        assert [a["title"] for a in found] == [f"{name}-{n:06d}" for n in range(1, count + 1)]
        for n, ask in enumerate(found, start=1):
            want = expected(name, n)
            assert (ask["recipient"], ask["asked_on"], ask["notes"]) == (
                want["recipient"],
                want["asked_on"].isoformat(),
                want["notes"],
            )
            assert str(ask["amount"]) in {str(want["amount"]), str(float(want["amount"]))}
    assert set(by_writer) == {*WRITERS, "api"}
    for name in WRITERS:
        [user] = [u for u in users.values() if u[username] == name]
        assert user[display] == str(len(by_writer[name]))
        assert len(by_writer[name]) < committed[WRITERS.index(name)]

    # 4. Everything else: as the source had it, before or after the run.
    final_users = copy.pop("accounts_user")
    assert [row[:display] + row[display + 1 :] for row in final_users] == [
        row[:display] + row[display + 1 :] for row in after["accounts_user"]
    ]
    # A data version changes to a random value with every write: only who has one is fixed.
    versions = copy.pop("accounts_dataversion")
    assert {row[0] for row in versions} == {row[0] for row in after["accounts_dataversion"]}
    sequence = dict(copy.pop("sqlite_sequence"))
    assert sequence.pop("asks_ask") == last_id
    assert sequence == {k: v for k, v in dict(after["sqlite_sequence"]).items() if k != "asks_ask"}
    for table, restored_rows in copy.items():
        if before[table] == after[table]:
            assert restored_rows == after[table], table
        else:
            assert set(restored_rows) <= set(before[table]) | set(after[table]), table


def test_restore_refuses_a_data_dir_that_has_a_database(data_dir, tmp_path):
    backup = tmp_path / "b.sqlite3"
    ok(nomentum(data_dir, "backup", "--output", str(backup)))
    database = data_dir / DATABASE
    before = sha256(database)

    result = nomentum(data_dir, "restore", str(backup))

    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert sha256(database) == before


def test_restore_refuses_a_data_dir_with_anything_else_in_it(data_dir, tmp_path):
    backup = tmp_path / "b.sqlite3"
    ok(nomentum(data_dir, "backup", "--output", str(backup)))
    target = tmp_path / "target"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = nomentum(target, "restore", str(backup))
    assert result.returncode == 1
    assert "(notes.txt)" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    target = tmp_path / "target"
    result = nomentum(target, "restore", str(bogus))
    assert result.returncode == 1
    assert not (target / DATABASE).exists()


def test_a_backup_goes_under_the_data_dir_by_default_and_never_overwrites(data_dir):
    out = ok(nomentum(data_dir, "backup"))
    [made] = (data_dir / "backups").iterdir()
    assert made.name.startswith(f"nomentum-{dt.datetime.now(dt.UTC):%Y%m%d}-")
    assert made.suffix == ".sqlite3"
    assert str(made) in out
    assert made.stat().st_mode & 0o077 == 0  # the backup holds everyone's data
    again = nomentum(data_dir, "backup", "--output", str(made))
    assert again.returncode == 1
    assert "exists already" in again.stderr


def test_a_backup_is_one_self_contained_file(data_dir, tmp_path):
    backup = tmp_path / "one.sqlite3"
    ok(nomentum(data_dir, "backup", "--output", str(backup)))
    assert not Path(f"{backup}-wal").exists()
    with sqlite3.connect(backup) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    db.close()
