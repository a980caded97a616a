"""`nomentum`: the operator's command, installed with the package.

`nomentum COMMAND ARGS` runs the management command COMMAND, exactly as
`python manage.py COMMAND ARGS` does, with Nomentum's settings; `nomentum --help`
lists the commands operators run. Each lives in the management/commands folder
of the app that owns it. Every command also takes --data-dir DIR (else
$NOMENTUM_DATA_DIR, else ./var), read before Django starts: the settings make the
data dir and its secret key.

What an operator gets wrong (a missing file, a bad option, a data dir without
tables) is answered with one sentence on stderr and a non-zero exit.
"""

import argparse
import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PROG = "nomentum"
OPERATOR_COMMANDS = (
    "serve",
    "worker",
    "migrate",
    "createsuperuser",
    "backup",
    "restore",
    "import",
    "export",
    "demo",
)
# Django's own commands, in the words of the rest of the list.
SUMMARIES = {"createsuperuser": "Create an administrator account, for /admin/"}
DATA_DIR_HELP = (
    "where the SQLite database and secret key live (default: $NOMENTUM_DATA_DIR, else ./var)"
)
EXIT_FAILED = 1
EXIT_USAGE = 2


def early_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Return the options Django needs before it starts, and the rest of argv."""
    parser = argparse.ArgumentParser(prog=PROG, add_help=False, allow_abbrev=False)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--settings")
    parser.add_argument("--pythonpath")
    return parser.parse_known_args(argv)


def setup_django(early: argparse.Namespace) -> None:
    from django.core.management.base import handle_default_options

    if early.data_dir is not None:
        os.environ["NOMENTUM_DATA_DIR"] = str(early.data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")
    handle_default_options(early)
    import django

    django.setup()


def summary(help_text: str) -> str:
    """Return the first sentence of a command's help, for its line in `nomentum --help`."""
    first = " ".join(help_text.split()).split(". ")[0]
    return first.rstrip(".")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `nomentum --help`: the operator commands, one line each."""
    from django.core.management import get_commands, load_command_class

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run and look after a Nomentum site: rejection goals, alone or in groups.",
        epilog="Each command answers --help. Any other management command runs too "
        "(nomentum check, nomentum shell): nomentum X is python manage.py X.",
    )
    parser.add_argument("--data-dir", type=Path, help=DATA_DIR_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands = get_commands()
    for name in OPERATOR_COMMANDS:
        words = SUMMARIES.get(name) or summary(load_command_class(commands[name], name).help)
        sub.add_parser(name, help=words, add_help=False)
    return parser


def usage_error(where: str, message: str) -> int:
    # One line, the usage left to --help: a command's usage runs to a dozen lines.
    print(f"{where}: error: {message} ({where} --help)", file=sys.stderr)
    return EXIT_USAGE


def run(name: str, argv: list[str]) -> int:
    """Run the management command name with argv, as manage.py would; return its exit code."""
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import CommandError, SystemCheckError
    from django.db import DatabaseError, connections

    commands = get_commands()
    if name not in commands:
        return usage_error(PROG, f"there is no command {name!r}")
    command = load_command_class(commands[name], name)
    parser = command.create_parser(PROG, name)
    # Read by early_options before Django started; listed here for the command's --help.
    parser.add_argument("--data-dir", type=Path, help=DATA_DIR_HELP)
    try:
        options = vars(parser.parse_args(argv))
    except CommandError as error:
        # Not called as from manage.py, Django's parser raises its usage errors as this.
        return usage_error(f"{PROG} {name}", str(error).removeprefix("Error: "))
    options.pop("data_dir")
    args = options.pop("args", ())
    try:
        command.execute(*args, **options)
    except SystemCheckError as error:
        if options.get("traceback"):
            raise
        print(error, file=sys.stderr)
        return error.returncode
    except CommandError as error:
        if options.get("traceback"):
            raise
        print(f"{PROG} {name}: {error}", file=sys.stderr)
        return error.returncode
    except DatabaseError as error:
        if options.get("traceback"):
            raise
        print(f"{PROG} {name}: {database_sentence(error)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        connections.close_all()
    return 0


def database_sentence(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    found = lines[0].rstrip(".") if lines else type(error).__name__
    if "no such table" in found or ('relation "' in found and "does not exist" in found):
        return f"The database has no such table ({found}): run nomentum migrate first."
    return f"The database refused: {found}."


def main(argv: list[str] | None = None) -> int:
    early, rest = early_options(sys.argv[1:] if argv is None else argv)
    try:
        setup_django(early)
    except ImproperlyConfigured as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not rest or rest[0].startswith("-"):
        build_parser().parse_args(rest)  # --help exits 0; anything else is a usage error
        return EXIT_USAGE
    name, *args = rest
    if args[:1] == ["--"]:
        args = args[1:]  # the older spelling `nomentum worker -- --help`
    try:
        code = run(name, args)
        sys.stdout.flush()  # here, where a reader that went away is caught
        return code
    except KeyboardInterrupt:
        print(f"\n{PROG} {name}: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`nomentum export ... | head`): nothing more to say, to anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
