"""Start `nomentum` commands from an interpreter that has already imported Django.

A fresh interpreter spends most of a short command importing Django, pydantic and the
standard library; the CLI tests run about a hundred commands. This process imports what
does not depend on the settings once, then forks a child per command: the child is a
separate process with its own environment, working directory, stdin, stdout and stderr
files, and runs `python -m nomentum.cli ARGS` exactly as a fresh one would, settings and all.

The protocol is one JSON line per command on stdin ({"args", "env", "cwd", "stdin", "out",
"err"}: file paths), answered by {"pid"} when the child starts and {"code"} when it ends.
"""

import atexit
import importlib
import json
import os
import runpy
import sys
import traceback

# Nothing here may read the settings: each command's own data dir decides them.
WARM = (
    "django.core.management",
    "django.db.models",
    "django.forms",
    "django.http",
    "django.template",
    "django.urls",
    "django.contrib.admin.options",
    "pydantic",
)


def exit_code(code: object) -> int:
    """Return the status a Python process ends with after `raise SystemExit(code)`."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run(request: dict) -> None:
    """In the child: become `python -m nomentum.cli ARGS` and exit with its status."""
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    for fd, path, mode in (
        (0, request["stdin"], os.O_RDONLY),
        (1, request["out"], os.O_WRONLY),
        (2, request["err"], os.O_WRONLY),
    ):
        os.dup2(os.open(path, mode), fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 (the child's stdin until it exits)
    sys.argv = ["nomentum", *request["args"]]
    code = 0
    try:
        runpy.run_module("nomentum.cli", run_name="__main__", alter_sys=True)
    except SystemExit as exit:
        code = exit_code(exit.code)
    except BaseException:  # what an uncaught exception does to a process
        traceback.print_exc()
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def serve() -> None:
    for name in WARM:
        importlib.import_module(name)
    from django.conf import settings

    assert not settings.configured, "a warmed module read the settings"
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        answers.flush()
        pid = os.fork()
        if pid == 0:
            run(request)
        print(json.dumps({"pid": pid}), file=answers, flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), file=answers, flush=True)


if __name__ == "__main__":
    serve()
