"""The forecast is the rule of docs/RULES.md and agrees with scipy's betanbinom."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from nomentum.insights.forecast import MAX_ASKS, asks_needed, chance_of_yeses, describe_forecast

# docs/RULES.md: where scipy's CDF lies within this of the confidence, either neighbour is right.
TIE = 1e-9


def test_with_no_history_a_yes_in_n_asks_has_chance_n_over_n_plus_1():
    # Under the uniform prior the number of yeses in n asks is uniform on 0..n.
    assert chance_of_yeses(4, 1, 0, 0) == pytest.approx(4 / 5, abs=1e-15)
    assert chance_of_yeses(13, 2, 0, 0) == pytest.approx(12 / 14, abs=1e-15)
    assert asks_needed(1, 0, 0, 0.5) == 1
    assert asks_needed(1, 0, 0, 0.8) == 4  # 4/5 is 0.8 exactly: a tie, settled as exact arithmetic
    assert asks_needed(1, 0, 0, 0.9) == 9
    assert asks_needed(2, 0, 0, 0.85) == 13  # 11/13 < 0.85 <= 12/14


def test_all_pending_is_no_history():
    pending_only = (0, 0)  # pending asks are neither yeses nor rejections
    assert asks_needed(1, *pending_only) == 4


def test_after_all_nos_a_yes_in_n_asks_has_chance_n_over_n_plus_b():
    # No yes, 3 rejections: Beta(1, 4); P(no yes in n) = B(1, 4 + n) / B(1, 4) = 4 / (n + 4).
    assert chance_of_yeses(23, 1, 0, 3) == pytest.approx(23 / 27, abs=1e-15)
    assert asks_needed(1, 0, 3, 0.85) == 23  # 22/26 < 0.85 <= 23/27


def test_after_all_yeses_a_yes_comes_quickly():
    # 3 yeses: Beta(4, 1); P(no yes in n) = 4! n! / (n + 4)! = 1 / C(n + 4, 4).
    assert chance_of_yeses(1, 1, 3, 0) == pytest.approx(1 - 1 / 5, abs=1e-15)
    assert chance_of_yeses(2, 1, 3, 0) == pytest.approx(1 - 1 / 15, abs=1e-15)
    assert asks_needed(1, 3, 0, 0.8) == 1
    assert asks_needed(1, 3, 0, 0.9) == 2


def test_after_one_yes_and_one_no():
    # Beta(2, 2); P(no yes in n) = B(2, 2 + n) / B(2, 2) = 6 / ((n + 2)(n + 3)).
    assert chance_of_yeses(5, 1, 1, 1) == pytest.approx(1 - 6 / 56, abs=1e-15)
    assert asks_needed(1, 1, 1, 0.8) == 3  # 1 - 6/30 is 0.8 exactly
    assert asks_needed(1, 1, 1, 0.9) == 6  # 1 - 6/56 < 0.9 <= 1 - 6/72


def test_the_chance_is_certain_for_no_yes_and_impossible_in_too_few_asks():
    assert chance_of_yeses(0, 0, 5, 5) == 1.0
    assert chance_of_yeses(2, 3, 5, 5) == 0.0
    assert chance_of_yeses(3, 3, 0, 0) == pytest.approx(1 / 4, abs=1e-15)


def test_the_forecast_stops_at_a_million_asks():
    # No yes in b - 1 rejections: P(a yes in n) = n / (n + b) reaches 0.8 at n = 4b.
    assert asks_needed(1, 0, 249_999, 0.8) == MAX_ASKS
    assert asks_needed(1, 0, 250_000, 0.8) is None
    assert asks_needed(1, 0, 999_999, 0.99) is None


def test_the_forecast_refuses_bad_input():
    with pytest.raises(ValueError, match="at least one more yes"):
        asks_needed(0, 1, 1)
    for confidence in (0.0, 1.0, 1.2, -0.5):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            asks_needed(1, 1, 1, confidence)
    with pytest.raises(ValueError, match="cannot be negative"):
        asks_needed(1, -1, 1)
    with pytest.raises(ValueError, match="cannot be negative"):
        chance_of_yeses(-1, 1, 0, 0)


def test_the_forecast_in_words():
    # 1 yes, 4 no's: Beta(2, 5); P(no yes in n) = 30 / ((n + 5)(n + 6)): 30/132 > 0.2 >= 30/156.
    assert describe_forecast(1, 0.8, 1, 4) == "About 7 more asks for 1 more yes (80% sure)"
    # Checked with scipy: betanbinom(2, 3, 21).cdf(29) = 0.7984, .cdf(30) = 0.8079.
    assert describe_forecast(2, 0.8, 2, 20) == "About 32 more asks for 2 more yeses (80% sure)"


def test_the_forecast_in_words_with_no_history_says_it_rests_on_the_prior():
    assert describe_forecast(1, 0.8, 0, 0) == (
        "About 4 more asks for 1 more yes (80% sure), going by no history: "
        "with no answers yet, any yes rate is taken as equally likely."
    )


def test_the_forecast_in_words_with_few_answers_says_so():
    # Checked with scipy: betanbinom(3, 2, 3).cdf(18) = 0.8937, .cdf(19) = 0.9013.
    assert describe_forecast(3, 0.9, 1, 2) == (
        "About 22 more asks for 3 more yeses (90% sure), from only 3 answers so far."
    )


def test_the_forecast_in_words_past_the_cap():
    assert describe_forecast(1, 0.99, 0, 999_999) == (
        "More than 1,000,000 more asks for 1 more yes (99% sure): "
        "too far to forecast from this history."
    )


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    k=st.integers(1, 10),
    yeses=st.integers(0, 300),
    rejections=st.integers(0, 300),
    confidence=st.floats(0.05, 0.99, exclude_min=True, exclude_max=True),
)
@example(k=10, yeses=0, rejections=300, confidence=0.98)  # the heaviest tail in range
@example(k=1, yeses=0, rejections=0, confidence=0.8)  # an exact tie
def test_asks_needed_agrees_with_scipy_betanbinom(k, yeses, rejections, confidence):
    n = asks_needed(k, yeses, rejections, confidence)
    no_before_kth_yes = scipy_stats.betanbinom(k, 1 + yeses, 1 + rejections)
    if n is None:
        assert no_before_kth_yes.cdf(MAX_ASKS - k) < confidence + TIE
        return
    x = n - k
    assert no_before_kth_yes.cdf(x) >= confidence - TIE
    assert x == 0 or no_before_kth_yes.cdf(x - 1) < confidence + TIE


@settings(max_examples=100, derandomize=True, deadline=None)
@given(
    n=st.integers(0, 2_000),
    k=st.integers(0, 20),
    yeses=st.integers(0, 300),
    rejections=st.integers(0, 300),
)
def test_chance_of_yeses_agrees_with_scipy_betabinom(n, k, yeses, rejections):
    expected = scipy_stats.betabinom.sf(k - 1, n, 1 + yeses, 1 + rejections)
    # scipy drifts: at n=1495, k=2, b=292 it is 1.4e-12 off the exact sum (by fractions).
    assert chance_of_yeses(n, k, yeses, rejections) == pytest.approx(expected, abs=1e-10)
