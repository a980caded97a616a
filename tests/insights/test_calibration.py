"""Forecasts are calibrated: of users told "n asks, c sure", at least a share c get their yeses.

Users' true yes rates are drawn from the prior the forecast assumes (uniform),
each has a history of decided asks drawn from that rate, gets the forecast n
for K more yeses from it, and then asks on. `bench/calibration.py` prints the
same table for docs/INSIGHTS.md.
"""

import functools
import math
import random
from dataclasses import dataclass

import pytest

from nomentum.insights.forecast import asks_needed, chance_of_yeses

SEED = 2026
USERS = 10_000
HISTORY = 30  # past decided asks per user: uniform on 0..30
KS = (1, 2, 3, 4, 5)
CONFIDENCES = (0.5, 0.8, 0.9)


@dataclass
class Cell:
    """The users of one (K, confidence) pair."""

    reached: int = 0  # reached K yeses within the forecast n asks
    stated: float = 0.0  # sum over users of the forecast's own chance at n
    variance: float = 0.0  # sum over users of chance * (1 - chance)
    capped: int = 0  # forecasts past MAX_ASKS (counted as not reached)

    def share(self, users: int) -> float:
        return self.reached / users


@functools.cache
def simulate(users: int = USERS, seed: int = SEED, history: int = HISTORY) -> dict:
    """Return {(K, confidence): Cell} over `users` simulated users."""
    rng = random.Random(seed)
    cells = {(k, c): Cell() for k in KS for c in CONFIDENCES}
    forecasts: dict[tuple[int, int, int, float], tuple[int | None, float]] = {}
    for _ in range(users):
        rate = rng.random()
        decided = rng.randint(0, history)
        yeses = sum(rng.random() < rate for _ in range(decided))
        rejections = decided - yeses
        # Asks until each next yes: geometric waits, by inversion (one draw each).
        asks_until, total = [], 0.0
        for _k in KS:
            wait = 1 - rng.random()  # in (0, 1]
            total += max(1, math.ceil(math.log(wait) / math.log1p(-rate))) if rate else math.inf
            asks_until.append(total)
        for k in KS:
            for c in CONFIDENCES:
                key = (k, yeses, rejections, c)
                if key not in forecasts:
                    n = asks_needed(k, yeses, rejections, c)
                    chance = 0.0 if n is None else chance_of_yeses(n, k, yeses, rejections)
                    forecasts[key] = (n, chance)
                n, chance = forecasts[key]
                cell = cells[(k, c)]
                cell.stated += chance
                cell.variance += chance * (1 - chance)
                if n is None:
                    cell.capped += 1
                elif asks_until[k - 1] <= n:
                    cell.reached += 1
    return cells


def markdown_table(cells: dict, users: int) -> str:
    """Return the achieved shares as a markdown table, K by confidence."""
    header = "| K more yeses | " + " | ".join(f"{c:.0%} sure" for c in CONFIDENCES) + " |"
    lines = [header, "|---" * (len(CONFIDENCES) + 1) + "|"]
    for k in KS:
        shares = (cells[(k, c)].share(users) for c in CONFIDENCES)
        lines.append(f"| {k} | " + " | ".join(f"{share:.1%}" for share in shares) + " |")
    means = (mean_share(cells, c, users) for c in CONFIDENCES)
    lines.append("| mean over K | " + " | ".join(f"{m:.1%}" for m in means) + " |")
    stated = (mean_stated(cells, c, users) for c in CONFIDENCES)
    lines.append(
        "| the forecasts' own chance at n, mean over K | "
        + " | ".join(f"{s:.1%}" for s in stated)
        + " |"
    )
    return "\n".join(lines)


def mean_share(cells: dict, confidence: float, users: int) -> float:
    return sum(cells[(k, confidence)].share(users) for k in KS) / len(KS)


def mean_stated(cells: dict, confidence: float, users: int) -> float:
    return sum(cells[(k, confidence)].stated for k in KS) / (len(KS) * users)


def sampling_error(confidence: float, users: int) -> float:
    """Return the standard error of a share whose true value is `confidence`."""
    return math.sqrt(confidence * (1 - confidence) / users)


@pytest.mark.parametrize("k", KS)
@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_at_least_the_stated_share_reach_their_yeses(k, confidence):
    # Tolerance: three standard errors of a binomial share at the confidence (at 10,000
    # users, 1.5 points at 50%, 0.9 at 90%), for the simulation's own sampling noise.
    cell = simulate()[(k, confidence)]
    assert cell.capped == 0
    assert cell.share(USERS) >= confidence - 3 * sampling_error(confidence, USERS)


@pytest.mark.parametrize("k", KS)
@pytest.mark.parametrize("confidence", CONFIDENCES)
def test_the_share_reached_is_the_chance_the_forecast_gave(k, confidence):
    # Given a history, reaching K yeses in n asks is a coin with the forecast's own
    # chance: the share must match their mean, within four standard errors.
    cell = simulate()[(k, confidence)]
    error = math.sqrt(cell.variance) / USERS
    assert abs(cell.share(USERS) - cell.stated / USERS) <= 4 * error


# The issue asks for the mean share over K to be within 3 points of the confidence. As the
# forecast is a whole number of asks, the smallest n whose chance reaches c has a chance
# above c, by up to the chance of the n-th ask bringing the K-th yes; at 50% that is large
# (one ask, for a user with a high rate), and the previous test shows the share is that
# chance. So 3 points hold at 90% only; the failures below are pinned, not hidden.
WHOLE_ASKS = (
    "n is a whole number of asks: the chance at the smallest n with enough chance "
    "overshoots the confidence (table in docs/INSIGHTS.md)"
)


@pytest.mark.parametrize(
    "confidence",
    [
        pytest.param(0.5, marks=pytest.mark.xfail(strict=True, reason=WHOLE_ASKS)),
        pytest.param(0.8, marks=pytest.mark.xfail(strict=True, reason=WHOLE_ASKS)),
        0.9,
    ],
)
def test_the_share_is_within_three_points_of_the_confidence_on_average_over_k(confidence):
    assert abs(mean_share(simulate(), confidence, USERS) - confidence) <= 0.03
