"""Each pass runs the tests that mean something on its database, and no test runs on neither;
the tests that start processes start first; a data dir made once is made once per run."""

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from django.test import SimpleTestCase, TestCase

from tests.conftest import STARTED_FIRST, only_on, passes, start_order
from tests.datadir import made_once

BOTH = ("sqlite", "postgresql")


@dataclass
class Collected:
    """What the pass rules read of a collected test."""

    nodeid: str = "tests/test_x.py::test_x"
    fixturenames: tuple[str, ...] = ()
    marks: tuple[pytest.MarkDecorator, ...] = ()
    cls: type | None = None

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return next((mark.mark for mark in self.marks if mark.name == name), None)


def item(**fields: Any) -> pytest.Item:
    return cast(pytest.Item, Collected(**fields))


class Plain(SimpleTestCase):
    pass


class WithData(TestCase):
    pass


def test_a_test_that_uses_the_database_runs_on_both_passes():
    assert passes(item(fixturenames=("tmp_path", "db"))) == BOTH
    assert passes(item(fixturenames=("transactional_db",))) == BOTH
    assert passes(item(marks=(pytest.mark.django_db,))) == BOTH
    assert passes(item(cls=WithData)) == BOTH
    assert passes(item(fixturenames=("deployment",))) == BOTH  # a database of its own


def test_a_test_that_uses_no_database_runs_on_the_sqlite_pass_only():
    assert passes(item()) == ("sqlite",)
    assert passes(item(fixturenames=("tmp_path", "settings", "client"))) == ("sqlite",)
    assert passes(item(cls=Plain)) == ("sqlite",)


def test_the_browser_suite_runs_on_the_sqlite_pass_only():
    browser = item(fixturenames=("live_server", "transactional_db"), marks=(pytest.mark.browser,))
    assert passes(browser) == ("sqlite",)


def test_a_test_that_reads_database_url_itself_runs_where_only_on_says():
    assert passes(item(marks=(only_on("postgresql"),))) == ("postgresql",)
    assert passes(item(fixturenames=("db",), marks=(only_on("sqlite"),))) == ("sqlite",)


def test_only_on_refuses_a_database_that_no_pass_runs():
    with pytest.raises(ValueError, match="only_on\\('postgres'\\): the passes are"):
        only_on("postgres")


def test_the_tests_that_start_processes_start_first_the_others_keep_their_order():
    order = [
        item(nodeid="tests/api/test_me.py::test_it_describes_the_caller", fixturenames=("db",)),
        item(nodeid="tests/cli/test_help.py::test_nomentum_runs_any_management_command"),
        item(nodeid="tests/browser/test_csp.py::test_x", fixturenames=("live_server",)),
        item(nodeid="tests/test_docs.py::test_x"),
        item(nodeid="tests/system/test_concurrency.py::test_x"),
        item(nodeid="tests/system/test_crash.py::test_x"),
    ]
    ran = [found.nodeid.split("::")[0] for found in sorted(order, key=start_order)]
    assert ran == [
        "tests/system/test_concurrency.py",
        "tests/system/test_crash.py",
        "tests/cli/test_help.py",
        "tests/api/test_me.py",
        "tests/browser/test_csp.py",
        "tests/test_docs.py",
    ]
    assert STARTED_FIRST[0] == "tests/system/test_concurrency.py"  # the longest


def test_a_test_that_empties_the_tables_keeps_its_place_even_among_the_first():
    emptying = item(nodeid="tests/cli/test_x.py::test_x", fixturenames=("transactional_db",))
    assert start_order(emptying) == len(STARTED_FIRST)


@dataclass
class Worker:
    """A pytest-xdist worker's temporary directory, as tmp_path_factory hands it out."""

    basetemp: Path

    def getbasetemp(self) -> Path:
        return self.basetemp


def test_the_workers_of_a_run_share_a_dir_made_once(tmp_path: Path):
    made: list[str] = []
    gate = threading.Barrier(2)

    def make(path: Path) -> None:
        made.append(path.name)
        (path / "made").write_text("once")

    found: dict[str, Path] = {}

    def ask(worker_id: str) -> None:
        factory = cast(pytest.TempPathFactory, Worker(tmp_path / f"popen-{worker_id}"))
        gate.wait()
        found[worker_id] = made_once(factory, worker_id, "template", make)

    threads = [threading.Thread(target=ask, args=(name,)) for name in ("gw0", "gw1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert made == ["template"]
    assert found == {"gw0": tmp_path / "template", "gw1": tmp_path / "template"}
    assert (tmp_path / "template" / "made").read_text() == "once"


def test_a_make_that_fails_leaves_nothing_and_the_next_worker_makes_it(tmp_path: Path):
    def broken(path: Path) -> None:
        (path / "half").write_text("made")
        raise RuntimeError("migrate failed")

    first = cast(pytest.TempPathFactory, Worker(tmp_path / "popen-gw0"))
    with pytest.raises(RuntimeError, match="migrate failed"):
        made_once(first, "gw0", "template", broken)
    assert not (tmp_path / "template").exists()

    def whole(path: Path) -> None:
        (path / "whole").write_text("made")

    second = cast(pytest.TempPathFactory, Worker(tmp_path / "popen-gw1"))
    made = made_once(second, "gw1", "template", whole)
    assert sorted(p.name for p in made.iterdir()) == ["whole"]


def test_without_xdist_the_dir_is_the_sessions_own(tmp_path: Path):
    factory = cast(pytest.TempPathFactory, Worker(tmp_path))
    made = made_once(factory, "master", "template", lambda path: None)
    assert made == tmp_path / "template"
