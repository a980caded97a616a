"""`nomentum worker` runs the task worker; any number run side by side on one database."""

import subprocess
import sys

from tests.cli.conftest import ROOT, environment, nomentum, ok


def test_it_hands_other_options_to_the_worker_command(data_dir):
    out = ok(nomentum(data_dir, "worker", "--", "--help"))
    assert out.startswith("usage: nomentum worker ")
    assert "--batch" in out and "--queue-name" in out


def test_two_workers_at_once_drain_the_queue_and_exit(data_dir):
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "nomentum.cli", "worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=environment(data_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=60)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert all("No more tasks to run" in out for out in outputs)


def test_an_unknown_option_elsewhere_is_a_usage_error(data_dir):
    result = nomentum(data_dir, "backup", "--bogus")
    assert result.returncode == 2
    assert "unrecognized arguments: --bogus" in result.stderr
