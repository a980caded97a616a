"""How many more asks for k more yeses: the beta-negative-binomial rule of docs/RULES.md.

The yes rate p is unknown; after `yeses` yeses and `rejections` rejections it is
Beta(a, b) with a = 1 + yeses, b = 1 + rejections (a uniform prior). The number
of no's before the k-th next yes then follows the beta-negative-binomial
BNB(k, a, b), and the forecast is n = k + the smallest x with CDF(x) ≥ c.

Reaching k yeses within n asks is the same event as at least k yeses among
the first n asks, so the BNB CDF at x = n - k equals P(Y ≥ k) for Y the
beta-binomial count of yeses in n asks:

    CDF(n - k) = 1 - Σ_{j<k} C(n, j) · B(a + j, b + n - j) / B(a, b).

That takes k terms at any n, where summing the BNB pmf takes n - k, so the
search below can bisect and stays fast in the heavy tail of a history with no
yes (a = 1 has no finite mean). The terms come from their ratio recurrence in
log space, so nothing underflows.
"""

import math

from nomentum.insights.stats import FEW_ANSWERS, log_gamma_ratio

# Past this many asks the forecast says "more than" instead of a number: with a
# history of no yes at all the true answer can be in the millions, and no one
# plans that far.
MAX_ASKS = 1_000_000
# A chance this close below the confidence counts as reaching it. The computed
# chance is good to about 1e-14, and exact ties are common (with no history
# P(a yes in n asks) = n / (n + 1), exactly 0.8 at n = 4): they then resolve as
# exact arithmetic would, not by the last bit of rounding. The rule lets a tie
# within 1e-9 go either way.
TIE = 1e-12
# The confidence a forecast is given at until the person picks another.
DEFAULT_CONFIDENCE = 0.8
# The most yeses a forecast is asked for: beyond any plan a person makes, and it keeps the
# computation small (it takes that many terms).
MAX_FORECAST_YESES = 100


def chance_of_yeses(n: int, k: int, yeses: int, rejections: int) -> float:
    """Return P(at least k yeses in the next n asks) under the Beta(1 + yeses, 1 + rejections)
    posterior predictive."""
    if n < 0 or k < 0:
        raise ValueError("The number of asks and of yeses cannot be negative.")
    _check_history(yeses, rejections)
    if k == 0:
        return 1.0
    if n < k:
        return 0.0
    return max(0.0, 1.0 - _fewer_than(k, n, 1.0 + yeses, 1.0 + rejections))


def asks_needed(
    k: int, yeses: int, rejections: int, confidence: float = DEFAULT_CONFIDENCE
) -> int | None:
    """Return the smallest n with P(at least k yeses in n asks) ≥ confidence (up to TIE).

    Return None when that n is above MAX_ASKS.
    """
    if k < 1:
        raise ValueError("Ask for at least one more yes (k must be 1 or more).")
    if not 0 < confidence < 1:
        raise ValueError("The confidence must lie strictly between 0 and 1, such as 0.8.")
    _check_history(yeses, rejections)
    if k > MAX_ASKS:
        return None
    a, b = 1.0 + yeses, 1.0 + rejections

    def enough(n: int) -> bool:
        return 1.0 - _fewer_than(k, n, a, b) >= confidence - TIE

    # 1. Gallop from n = k, doubling, until the chance is enough (or the cap is passed).
    short, long = k - 1, k
    while not enough(long):
        if long >= MAX_ASKS:
            return None
        short, long = long, min(2 * long, MAX_ASKS)
    # 2. Bisect: `short` is not enough (or below k), `long` is.
    while long - short > 1:
        middle = (short + long) // 2
        if enough(middle):
            long = middle
        else:
            short = middle
    return long


def describe_forecast(k: int, confidence: float, yeses: int, rejections: int) -> str:
    """Return the forecast in words, as a page shows it, honest about thin data."""
    n = asks_needed(k, yeses, rejections, confidence)
    sure = f"{confidence * 100:g}% sure"
    more_yeses = f"{k} more {'yes' if k == 1 else 'yeses'}"
    decided = yeses + rejections
    if n is None:
        return (
            f"More than {MAX_ASKS:,} more asks for {more_yeses} ({sure}): "
            "too far to forecast from this history."
        )
    asks = f"{n} more {'ask' if n == 1 else 'asks'}"
    if decided == 0:
        return (
            f"About {asks} for {more_yeses} ({sure}), going by no history: with no "
            "answers yet, any yes rate is taken as equally likely."
        )
    if decided < FEW_ANSWERS:
        answers = f"{decided} {'answer' if decided == 1 else 'answers'}"
        return f"About {asks} for {more_yeses} ({sure}), from only {answers} so far."
    return f"About {asks} for {more_yeses} ({sure})"


def _fewer_than(k: int, n: int, a: float, b: float) -> float:
    """Return P(Y < k) for Y ~ BetaBinomial(n, a, b), for 1 ≤ k ≤ n."""
    # log P(Y = 0) = log B(a, b + n) - log B(a, b) = log[Γ(b + n)/Γ(a + b + n)] - log[Γ(b)/Γ(a + b)]
    log_term = log_gamma_ratio(b + n, a) - log_gamma_ratio(b, a)
    logs = [log_term]
    for j in range(k - 1):
        # P(Y = j + 1) / P(Y = j) = (n - j)(a + j) / ((j + 1)(b + n - j - 1))
        log_term += math.log((n - j) * (a + j) / ((j + 1) * (b + n - j - 1)))
        logs.append(log_term)
    top = max(logs)
    return math.exp(top) * math.fsum(math.exp(value - top) for value in logs)


def _check_history(yeses: int, rejections: int) -> None:
    if yeses < 0 or rejections < 0:
        raise ValueError("Counts of yeses and rejections cannot be negative.")
