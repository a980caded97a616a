"""docs/RULES.md is the reference the code cites: every function it names exists."""

import importlib
import re
from pathlib import Path

from nomentum.accounts.models import User
from nomentum.asks.models import Ask
from nomentum.challenges.models import Challenge, Goal

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "RULES.md").read_text()
# A name in backticks with a dot in it: `asks.counting.stats`, `Goal.week_target`.
NAMED = re.compile(r"`((?:nomentum\.)?[A-Za-z_]\w*(?:\.\w+)+)`")
MODELS = {model.__name__: model for model in (User, Ask, Challenge, Goal)}


def resolve(name: str) -> object:
    """Return the object a dotted name in RULES.md stands for; raise when there is none."""
    first, *rest = name.removeprefix("nomentum.").split(".")
    if first in MODELS:
        model = MODELS[first]
        found: object = model
        for part in rest:
            # A model's database column (User.silence_days) is a field, not an attribute.
            found = getattr(found, part) if hasattr(found, part) else model._meta.get_field(part)
        return found
    parts = [first, *rest]
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module("nomentum." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for part in parts[cut:]:
            found = getattr(found, part)
        return found
    raise LookupError(name)


def named_in_rules() -> set[str]:
    # File names and the outside library the forecast is checked against are not our code.
    return {
        name
        for name in NAMED.findall(RULES)
        if not name.endswith((".py", ".md")) and not name.startswith("scipy.")
    }


def test_it_names_the_functions_of_the_main_rules():
    names = named_in_rules()
    assert {"nomentum.insights.silence.silent_on", "insights.forecast.asks_needed"} <= names


def test_every_name_it_gives_exists_in_the_code():
    missing = []
    for name in sorted(named_in_rules()):
        try:
            resolve(name)
        except (LookupError, AttributeError, ImportError) as error:
            missing.append(f"{name}: {error}")
    assert not missing, "docs/RULES.md names what the code does not have:\n" + "\n".join(missing)


def test_every_path_it_gives_exists():
    paths = re.findall(r"`(nomentum/[\w/]+(?:\.py)?)`", RULES)
    assert paths
    assert [path for path in paths if not (ROOT / path).exists()] == []
