"""Every `nomentum` subcommand answers --help, and the package installs the command.

`nomentum X` is the management command X: the operator commands are management commands.
"""

import tomllib

import pytest
from django.core.management import get_commands

from nomentum.cli import build_parser, main
from tests.cli.conftest import ROOT, fresh_nomentum, ok

SUBCOMMANDS = [
    "serve",
    "worker",
    "migrate",
    "createsuperuser",
    "backup",
    "restore",
    "import",
    "export",
    "demo",
]


def test_the_package_installs_the_nomentum_command():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"] == {"nomentum": "nomentum.cli:main"}


def test_the_top_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as exit:
        main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: nomentum ")
    for name in SUBCOMMANDS:
        assert f"\n    {name}" in out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_answers_help(name, capsys):
    with pytest.raises(SystemExit) as exit:
        main([name, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: nomentum {name} ")
    assert "--data-dir" in out


def test_the_parser_knows_exactly_these_subcommands():
    parser = build_parser()
    [sub] = [action for action in parser._actions if action.dest == "command"]
    assert sorted(sub.choices) == sorted(SUBCOMMANDS)  # type: ignore[arg-type]


def test_a_missing_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit:
        main([])
    assert exit.value.code == 2
    assert "usage: nomentum" in capsys.readouterr().err


def test_every_operator_command_is_a_management_command():
    assert set(SUBCOMMANDS) <= set(get_commands())


def test_nomentum_runs_any_management_command(data_dir):
    out = ok(fresh_nomentum(data_dir, "check"))
    assert "System check identified no issues" in out
