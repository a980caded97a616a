"""`nomentum`: the operator's command, installed with the package.

    nomentum serve | worker | migrate | createsuperuser | backup | restore
             import FILE --user U | export --user U | demo

Every subcommand takes --data-dir (else NOMENTUM_DATA_DIR, else ./var) and
answers --help. Django starts only once the arguments are understood, so
that `restore` can look at an empty data dir before settings write into it.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

EXIT_OK = 0
EXIT_FAILED = 1


class Failure(Exception):
    """A sentence for the operator; the command exits with EXIT_FAILED."""


def setup_django(data_dir: Path | None) -> None:
    if data_dir is not None:
        os.environ["NOMENTUM_DATA_DIR"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nomentum.settings")
    import django

    django.setup()


def run_django_command(name: str, *args: str) -> None:
    """Run a manage.py command with its own argument parsing (and its own --help)."""
    from django.core.management import ManagementUtility

    ManagementUtility(["nomentum", name, *args]).execute()


def is_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def find_user(username: str) -> Any:
    from nomentum.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise Failure(f"There is no user named {username!r}.")
    return user


def open_output(path: str | None) -> IO[str]:
    if path is None or path == "-":
        return sys.stdout
    return Path(path).open("w", encoding="utf-8", newline="")


# Subcommands ------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    # As scripts/serve and `make run`: granian serving Django's WSGI application,
    # static files collected first for WhiteNoise's hashed names.
    setup_django(args.data_dir)
    from django.core.management import call_command

    if not args.no_collectstatic:
        call_command("collectstatic", interactive=False, verbosity=0)
    command = [
        sys.executable,
        "-m",
        "granian",
        "nomentum.wsgi:application",
        "--interface",
        "wsgi",
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--workers",
        str(args.workers),
        "--blocking-threads",
        str(args.threads),
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "20",
        "--access-log",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # noqa: S606 (our own interpreter, fixed arguments)


WORKER_COMMANDS = ("worker", "notify_worker", "db_worker")


def worker_command() -> str:
    """Return the task worker's management command: the notify app's own, if it has one."""
    from django.core.management import get_commands

    commands = get_commands()
    for name in WORKER_COMMANDS:
        if name in commands:
            return name
    raise Failure("No task worker command is installed (django-tasks-db's db_worker).")


def cmd_worker(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    options = [option for option in args.options if option != "--"]
    run_django_command(worker_command(), *options)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=args.verbosity)
    # The cache lives in the database unless REDIS_URL is set; its table is not a migration.
    call_command("createcachetable", verbosity=args.verbosity)
    return EXIT_OK


def cmd_createsuperuser(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    options = []
    if args.username:
        options += ["--username", args.username]
    if args.email:
        options += ["--email", args.email]
    if args.noinput:
        options.append("--noinput")
    run_django_command("createsuperuser", *options)
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    from django.conf import settings
    from django.utils import timezone

    from nomentum.lib import backup

    now = timezone.now()
    database = settings.DATABASES["default"]
    if is_sqlite():
        target = Path(args.output) if args.output else None
        if target is not None and target.is_dir():
            target = target / backup.timestamped_name(now, ".sqlite3")
        target = target or backup.default_target(settings.DATA_DIR, now, ".sqlite3")
        try:
            done = backup.backup_sqlite(Path(database["NAME"]), target)
        except backup.BackupError as error:
            raise Failure(str(error)) from None
        print(f"Backed up the database to {done}")
        print(f"Restore it with: nomentum restore {done} --data-dir EMPTY_DIR")
        return EXIT_OK

    postgres = backup.Postgres.from_settings(database)
    target = Path(args.output) if args.output else None
    if target is not None and target.is_dir():
        target = target / backup.timestamped_name(now, ".dump")
    target = target or backup.default_target(settings.DATA_DIR, now, ".dump")
    try:
        done = backup.backup_postgres(postgres, target)
    except backup.BackupError as error:
        # No pg_dump here (or it failed): say exactly what to run where it is installed.
        print(f"Not backed up: {error}.", file=sys.stderr)
        print("On PostgreSQL, back up with pg_dump (one consistent snapshot, safe while")
        print("the servers keep writing), from a machine that has it:")
        dump = postgres.shown("pg_dump", "--format=custom", "--no-owner", "--file", str(target))
        print(f"  {dump}")
        print("Restore into a new, empty database with:")
        print(f"  {postgres.shown('pg_restore', '--no-owner', '--exit-on-error', str(target))}")
        return EXIT_OK if "not installed" in str(error) else EXIT_FAILED
    print(f"Backed up the database to {done} (pg_dump custom format)")
    restore = postgres.shown("pg_restore", "--no-owner", "--exit-on-error", str(done))
    print(f"Restore it into an empty database with: {restore}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from nomentum.lib import backup

    if os.environ.get("DATABASE_URL"):
        print("DATABASE_URL is set: Nomentum runs on PostgreSQL, which restores with pg_restore")
        print("into a new, empty database, e.g.:")
        print("  createdb NEW_NAME && pg_restore --no-owner --exit-on-error --dbname NEW_NAME FILE")
        print("then point DATABASE_URL at NEW_NAME and run: nomentum migrate")
        return EXIT_FAILED
    data_dir = (args.data_dir or Path(os.environ.get("NOMENTUM_DATA_DIR") or "var")).resolve()
    # Before Django starts: its settings write a secret key into the data dir.
    try:
        database = backup.restore_sqlite(Path(args.file), data_dir)
    except backup.BackupError as error:
        raise Failure(str(error)) from None
    setup_django(data_dir)
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.label in {"accounts.User", "asks.Ask", "challenges.Group"}
    }
    print(f"Restored {args.file} into {database}")
    print(
        f"Users: {counts.get('accounts.User', 0)}, asks: {counts.get('asks.Ask', 0)}, "
        f"groups: {counts.get('challenges.Group', 0)}; its integrity check passed."
    )
    if pending:
        print(f"It needs {len(pending)} migrations of this version: run nomentum migrate.")
    print(f"Serve it with NOMENTUM_DATA_DIR={data_dir}")
    return EXIT_OK


def read_mapping(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    text = Path(value).read_text() if Path(value).is_file() else value
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as error:
        raise Failure(f"--mapping: not JSON ({error.msg}).") from None
    if not isinstance(mapping, dict):
        raise Failure('--mapping: give an object, e.g. {"Publication": "recipient"}.')
    return {str(key): str(field) for key, field in mapping.items()}


def cmd_import(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    from nomentum.asks.importing import import_asks
    from nomentum.lib.errors import Refusal

    user = find_user(args.user)
    mapping = read_mapping(args.mapping)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        raise Failure(f"Cannot read {args.file}: {error.strerror}.") from None
    try:
        report = import_asks(
            user,
            data,
            mapping=mapping,
            dry_run=args.dry_run,
            skip_duplicates=not args.keep_duplicates,
        )
    except Refusal as refusal:
        raise Failure(f"{refusal.message} Nothing was written.") from None
    mapped = [(column, field) for column, field in report.mapping.items() if field]
    columns = ", ".join(f"{column!r} -> {field}" for column, field in mapped)
    print(f"Columns: {columns or 'none recognised'}")
    for problem in report.errors:
        where = f"row {problem['row']}" if problem.get("row") else "file"
        field = f", {problem['field']}" if problem.get("field") else ""
        print(f"{where}{field}: {problem['message']}", file=sys.stderr)
    if report.errors:
        count = len(report.errors)
        print(
            f"Not imported: {count} error{'s' if count != 1 else ''}. Nothing was written.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if args.dry_run:
        print(
            f"Dry run: would import {report.created} asks for {user.username} and skip "
            f"{report.skipped} duplicates. Nothing was written."
        )
    else:
        print(
            f"Imported {report.created} asks for {user.username}; skipped {report.skipped} "
            "duplicates."
        )
    return EXIT_OK


def write_lines(out: IO[str], lines: str | Iterable[str]) -> None:
    if isinstance(lines, str):
        out.write(lines)
        return
    for line in lines:
        out.write(line)


def cmd_export(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    user = find_user(args.user)
    out = open_output(args.output)
    try:
        if args.format == "csv":
            from nomentum.asks.exporting import export_csv

            write_lines(out, export_csv(user))
        elif args.format == "json":
            from nomentum.asks.exporting import export_json

            json.dump(export_json(user), out, indent=2, ensure_ascii=False, default=str)
            out.write("\n")
        else:
            from nomentum.accounts.services import export_account

            json.dump(export_account(user), out, indent=2, ensure_ascii=False)
            out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if args.output and args.output != "-":
        print(f"Exported {user.username}'s {args.format} to {args.output}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    setup_django(args.data_dir)
    from nomentum.lib.demo import load_demo

    result = load_demo(password=args.password)
    state = "Loaded" if result.created else "Already loaded; nothing added to"
    print(
        f"{state} the demo group {result.group.name!r} (id {result.group.pk}): "
        f"{result.members} members, {result.asks} asks, challenge {result.challenge.name!r} "
        f"{result.challenge.starts_on} to {result.challenge.ends_on}."
    )
    print("Every demo user's name starts with demo-.", end=" ")
    if args.password:
        print("They log in with the password you gave.")
    else:
        print("They cannot log in (run again with --password to look around as one).")
    return EXIT_OK


# Parser -------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        help="where the SQLite database and secret key live (default: $NOMENTUM_DATA_DIR, "
        "else ./var)",
    )
    parser = argparse.ArgumentParser(
        prog="nomentum",
        description="Run and look after a Nomentum site: rejection goals, alone or in groups.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable[[argparse.Namespace], int], summary: str, **kw):
        p = sub.add_parser(name, parents=[common], help=summary, description=summary, **kw)
        p.set_defaults(handler=handler)
        return p

    p = command("serve", cmd_serve, "Serve the site with granian (the production server).")
    p.add_argument("--host", default=os.environ.get("HOST") or "127.0.0.1")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    p.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY") or 2),
        help="server processes, about one per core (default: $WEB_CONCURRENCY or 2)",
    )
    p.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("NOMENTUM_THREADS") or 4),
        help="threads per process (default: $NOMENTUM_THREADS or 4)",
    )
    p.add_argument(
        "--no-collectstatic", action="store_true", help="skip collecting static files first"
    )

    p = command(
        "worker",
        cmd_worker,
        "Run a background task worker (emails). Run as many as you like, on any host.",
        epilog="Any other option goes to the worker itself (e.g. --batch, --interval, "
        "--queue-name); list them with `nomentum worker -- --help`.",
    )
    p.set_defaults(options=[])

    p = command("migrate", cmd_migrate, "Create or upgrade the database tables.")
    p.add_argument("--verbosity", type=int, default=1, choices=[0, 1, 2, 3])

    p = command("createsuperuser", cmd_createsuperuser, "Create an administrator account.")
    p.add_argument("--username")
    p.add_argument("--email")
    p.add_argument(
        "--noinput",
        action="store_true",
        help="ask nothing; the password comes from DJANGO_SUPERUSER_PASSWORD",
    )

    p = command(
        "backup",
        cmd_backup,
        "Back up the database while the site runs: a SQLite copy consistent at one "
        "instant, or pg_dump on PostgreSQL.",
    )
    p.add_argument(
        "--output",
        help="file or directory to write (default: DATA_DIR/backups/nomentum-<UTC time>)",
    )

    p = command(
        "restore",
        cmd_restore,
        "Restore a SQLite backup into an empty data dir (never over a database), then check it.",
    )
    p.add_argument("file", help="a file made by nomentum backup")

    p = command(
        "import",
        cmd_import,
        "Import a CSV of asks into one user's account: all rows or none.",
    )
    p.add_argument("file", help="the CSV file, or - for standard input")
    p.add_argument("--user", required=True, help="the username the asks belong to")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument(
        "--mapping", help='JSON (or a JSON file): column to field, e.g. {"Market": "recipient"}'
    )
    p.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="import rows that match an existing ask too (default: skip them)",
    )

    p = command(
        "export", cmd_export, "Export one user's asks (CSV or JSON), or their whole account."
    )
    p.add_argument("--user", required=True, help="whose data")
    p.add_argument(
        "--format",
        choices=["csv", "json", "account"],
        default="csv",
        help="csv or json: the asks, as the import reads them; account: everything of the user "
        "in one JSON document (default: csv)",
    )
    p.add_argument("--output", help="file to write (default: standard output)")

    p = command(
        "demo",
        cmd_demo,
        'Load the demo group "November of NO": 15 demo- members and a month of asks. '
        "Running it again adds nothing.",
    )
    p.add_argument(
        "--password", help="let the demo users log in with this password (default: they cannot)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    # The worker passes options it does not know on to the worker command itself.
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command != "worker":
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.options = unknown
    try:
        return args.handler(args)
    except Failure as failure:
        print(f"nomentum {args.command}: {failure}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
