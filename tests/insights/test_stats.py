"""Yes rate, 90% interval, no's per yes and median follow docs/RULES.md, "The numbers"."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from nomentum.insights.stats import (
    beta_cdf,
    credible_interval,
    describe_nos_per_yes,
    describe_rate,
    format_percent,
    log_beta,
    median,
    nos_per_yes,
    yes_rate,
)


def counts(outcomes: list[str]) -> tuple[int, int]:
    """Return (yeses, rejections) of a history: a no or a no_response is a rejection; a
    pending ask (not yet silent), or a withdrawn one, is neither."""
    yeses = outcomes.count("yes")
    return yeses, outcomes.count("no") + outcomes.count("no_response")


EMPTY: list[str] = []
ALL_PENDING = ["pending", "pending", "pending"]
ALL_YES = ["yes", "yes", "yes"]
ALL_NO = ["no", "no_response", "no"]
ONE_EACH = ["yes", "no", "pending", "withdrawn"]


def test_an_empty_or_all_pending_history_has_no_yes_rate():
    assert yes_rate(*counts(EMPTY)) is None
    assert yes_rate(*counts(ALL_PENDING)) is None


def test_the_yes_rate_counts_decided_asks_only():
    assert yes_rate(*counts(ALL_YES)) == 1.0
    assert yes_rate(*counts(ALL_NO)) == 0.0
    assert yes_rate(*counts(ONE_EACH)) == 0.5
    assert yes_rate(3, 9) == 0.25


def test_with_no_decided_ask_the_interval_is_the_uniform_priors():
    # Beta(1, 1) is uniform: its 5% and 95% quantiles are 0.05 and 0.95.
    for history in (EMPTY, ALL_PENDING):
        low, high = credible_interval(*counts(history))
        assert low == pytest.approx(0.05, abs=1e-15)
        assert high == pytest.approx(0.95, abs=1e-15)


def test_the_interval_of_all_yeses():
    # Beta(4, 1) has CDF x⁴: the quantiles are 0.05^¼ and 0.95^¼.
    low, high = credible_interval(*counts(ALL_YES))
    assert low == pytest.approx(0.4728708045015879, abs=1e-14)
    assert high == pytest.approx(0.9872585449014338, abs=1e-14)


def test_the_interval_of_all_nos():
    # Beta(1, 4) has CDF 1 - (1 - x)⁴: the quantiles are 1 - 0.95^¼ and 1 - 0.05^¼.
    low, high = credible_interval(*counts(ALL_NO))
    assert low == pytest.approx(0.012741455098566168, abs=1e-14)
    assert high == pytest.approx(0.5271291954984121, abs=1e-14)


def test_the_interval_of_one_yes_and_one_no():
    # Beta(2, 2) has CDF 3x² - 2x³; 3x² - 2x³ = 0.05 at x = 0.13535036217158378, and by
    # symmetry the upper end is 1 minus that.
    low, high = credible_interval(*counts(ONE_EACH))
    assert low == pytest.approx(0.13535036217158378, abs=1e-13)
    assert high == pytest.approx(0.8646496378284162, abs=1e-13)


def test_the_interval_of_a_single_yes():
    # Beta(2, 1) has CDF x²: the quantiles are √0.05 and √0.95.
    low, high = credible_interval(1, 0)
    assert low == pytest.approx(0.22360679774997896, abs=1e-14)
    assert high == pytest.approx(0.9746794344808963, abs=1e-14)


def test_the_interval_takes_another_mass():
    # Beta(1, 1) again: the 50% interval is the middle half.
    assert credible_interval(0, 0, mass=0.5) == pytest.approx((0.25, 0.75), abs=1e-15)


def test_the_interval_refuses_a_mass_outside_0_and_1():
    for mass in (0.0, 1.0, 1.5, -0.1):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            credible_interval(1, 1, mass)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        yes_rate(-1, 2)
    with pytest.raises(ValueError, match="cannot be negative"):
        credible_interval(1, -2)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    yeses=st.integers(0, 300),
    rejections=st.integers(0, 300),
    mass=st.one_of(st.just(0.9), st.floats(0.01, 0.999)),
)
def test_the_interval_agrees_with_scipy(yeses, rejections, mass):
    low, high = credible_interval(yeses, rejections, mass)
    a, b = 1 + yeses, 1 + rejections
    assert low == pytest.approx(scipy_stats.beta.ppf((1 - mass) / 2, a, b), abs=1e-8)
    assert high == pytest.approx(scipy_stats.beta.ppf((1 + mass) / 2, a, b), abs=1e-8)


@pytest.mark.parametrize(
    ("yeses", "rejections"),
    [(0, 1_000_000), (1_000_000, 0), (1, 1_000_000), (1_000_000, 1_000_000), (12_345, 987_654)],
)
def test_the_interval_stays_exact_with_a_million_answers(yeses, rejections):
    low, high = credible_interval(yeses, rejections)
    a, b = 1 + yeses, 1 + rejections
    assert low == pytest.approx(scipy_stats.beta.ppf(0.05, a, b), rel=1e-10, abs=1e-15)
    assert high == pytest.approx(scipy_stats.beta.ppf(0.95, a, b), rel=1e-10, abs=1e-15)
    assert beta_cdf(low, a, b) == pytest.approx(0.05, abs=1e-10)
    assert beta_cdf(high, a, b) == pytest.approx(0.95, abs=1e-10)


def test_log_beta_has_no_cancellation_with_large_arguments():
    # B(2, n) = 1 / (n(n + 1)) exactly; two lgammas near 10⁷ would keep only nine digits.
    n = 1_000_001
    assert log_beta(2, n) == pytest.approx(-math.log(n) - math.log(n + 1), rel=1e-15)


def test_nos_per_yes_is_undefined_without_a_yes():
    assert nos_per_yes(*reversed(counts(EMPTY))) is None
    assert nos_per_yes(*reversed(counts(ALL_PENDING))) is None
    assert nos_per_yes(*reversed(counts(ALL_NO))) is None


def test_nos_per_yes_divides_rejections_by_yeses():
    assert nos_per_yes(*reversed(counts(ALL_YES))) == 0.0
    assert nos_per_yes(*reversed(counts(ONE_EACH))) == 1.0
    assert nos_per_yes(9, 1) == 9.0
    assert nos_per_yes(5, 2) == 2.5


def test_the_median_of_nothing_is_none():
    assert median([]) is None
    assert median(iter(())) is None


def test_the_median_takes_the_middle_or_the_mean_of_the_middle_two():
    assert median([4]) == 4.0
    assert median([7, 1, 3]) == 3.0
    assert median([10, 1, 3, 2]) == 2.5
    assert median(days for days in (5, 5, 30)) == 5.0


def test_the_rate_in_words_says_when_nothing_is_decided():
    for history in (EMPTY, ALL_PENDING):
        assert (
            describe_rate(*counts(history))
            == "No answers yet: a yes rate needs at least one decided ask."
        )


def test_the_rate_in_words_gives_counts_not_a_percentage_with_few_answers():
    assert describe_rate(*counts(ALL_YES)) == (
        "3 yeses in 3 answers: too few for a rate (90% sure: 47%–99%)"
    )
    assert describe_rate(*counts(ALL_NO)) == (
        "No yes in 3 answers: too few for a rate (90% sure: 1%–53%)"
    )
    assert describe_rate(1, 0) == "1 yes in 1 answer: too few for a rate (90% sure: 22%–97%)"


def test_the_rate_in_words_gives_a_percentage_and_its_interval():
    assert describe_rate(12, 88) == "12% (90% sure: 8%–19%)"
    assert describe_rate(0, 40) == "0% (90% sure: 0.1%–7%)"
    assert describe_rate(1, 300) == "0.3% (90% sure: 0.1%–2%)"


def test_percentages_keep_a_digit_near_0_and_100():
    assert format_percent(0.0) == "0%"
    assert format_percent(0.00002) == "0.002%"
    assert format_percent(0.004) == "0.4%"
    assert format_percent(0.12) == "12%"
    assert format_percent(0.995) == "99.5%"
    assert format_percent(0.99998) == "99.998%"
    assert format_percent(0.9999999) == ">99.999%"
    assert format_percent(1e-9) == "<0.001%"
    assert format_percent(1.0) == "100%"


def test_nos_per_yes_in_words():
    assert describe_nos_per_yes(0, 0) == "No yes yet: no's per yes needs at least one yes."
    assert describe_nos_per_yes(9, 1) == "9 no's per yes"
    assert describe_nos_per_yes(2, 2) == "1 no per yes"
    assert describe_nos_per_yes(22, 3) == "7.3 no's per yes"
