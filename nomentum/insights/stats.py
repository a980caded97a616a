"""Yes rate, its credible interval, no's per yes and medians: pure functions of counts.

docs/RULES.md, "The numbers", defines each number. The Beta functions are written
here from the mathematics (no scipy at run time) and tested against scipy in
tests/insights.
"""

import math
from collections.abc import Iterable

# Below this many decided asks a percentage reads as more certain than it is,
# so the words give the counts instead.
FEW_ANSWERS = 5
RANGE_DASH = "\N{EN DASH}"  # between the two ends of a printed range

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
# Stirling series of log Γ(z) - ((z - ½)·log z - z + ½·log 2π): B₂ₙ / (2n(2n - 1)).
_STIRLING = (
    1 / 12,
    -1 / 360,
    1 / 1260,
    -1 / 1680,
    1 / 1188,
    -691 / 360360,
    1 / 156,
)
_CF_EPSILON = 1e-16
_CF_TINY = 1e-300


def yes_rate(yeses: int, rejections: int) -> float | None:
    """Return yes / (yes + rejections), or None when no ask is decided."""
    _check_counts(yeses, rejections)
    decided = yeses + rejections
    return yeses / decided if decided else None


def credible_interval(yeses: int, rejections: int, mass: float = 0.9) -> tuple[float, float]:
    """Return the equal-tailed `mass` credible interval of Beta(1 + yeses, 1 + rejections)."""
    _check_counts(yeses, rejections)
    if not 0 < mass < 1:
        raise ValueError("The interval's mass must lie strictly between 0 and 1.")
    a, b = 1 + yeses, 1 + rejections
    return beta_quantile((1 - mass) / 2, a, b), beta_quantile((1 + mass) / 2, a, b)


def nos_per_yes(rejections: int, yeses: int) -> float | None:
    """Return rejections / yeses, or None before the first yes."""
    _check_counts(yeses, rejections)
    return rejections / yeses if yeses else None


def median(values: Iterable[float]) -> float | None:
    """Return the median (the mean of the middle two for an even count), None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def describe_rate(yeses: int, rejections: int) -> str:
    """Return the yes rate in words, as a page shows it, honest about thin data."""
    decided = yeses + rejections
    if not decided:
        return "No answers yet: a yes rate needs at least one decided ask."
    low, high = credible_interval(yeses, rejections)
    sure = f"90% sure: {format_percent(low)}{RANGE_DASH}{format_percent(high)}"
    if decided < FEW_ANSWERS:
        said = _plural(yeses, "yes", "yeses") if yeses else "No yes"
        return f"{said} in {_plural(decided, 'answer', 'answers')}: too few for a rate ({sure})"
    rate = yeses / decided
    return f"{format_percent(rate)} ({sure})"


def describe_nos_per_yes(rejections: int, yeses: int) -> str:
    """Return no's per yes in words, saying so when there is no yes yet."""
    ratio = nos_per_yes(rejections, yeses)
    if ratio is None:
        return "No yes yet: no's per yes needs at least one yes."
    shown = f"{ratio:.0f}" if ratio == int(ratio) or ratio >= 10 else f"{ratio:.1f}"
    nos = "no" if ratio == 1 else "no's"
    return f"{shown} {nos} per yes"


def format_percent(share: float) -> str:
    """Return a share (0..1) as a whole percentage, with one significant digit of the
    distance to 0% or 100% when closer than 1% (0.3%, 0.002%, 99.7%)."""
    percent = share * 100
    if 1 <= percent <= 99 or percent <= 0 or percent >= 100:
        return f"{percent:.0f}%"
    if percent < 1:
        return "<0.001%" if percent < 0.001 else f"{percent:.1g}%"
    gap = 100 - percent
    return ">99.999%" if gap < 0.001 else f"{100 - float(f'{gap:.1g}'):g}%"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _check_counts(yeses: int, rejections: int) -> None:
    if yeses < 0 or rejections < 0:
        raise ValueError("Counts of yeses and rejections cannot be negative.")


# The Beta distribution ----------------------------------------------------------------------


def log1pmx(u: float) -> float:
    """Return log(1 + u) - u, accurate also for small u, where the two nearly cancel."""
    if abs(u) > 0.25:
        return math.log1p(u) - u
    # -u²/2 + u³/3 - u⁴/4 + ...: at |u| ≤ 1/4 fifty terms reach far below double precision.
    total, power = 0.0, u
    for n in range(2, 60):
        power *= -u
        term = power / n
        total += term
        if abs(term) <= 1e-17 * abs(total):
            break
    return total


def stirling_remainder(z: float) -> float:
    """Return log Γ(z) - ((z - ½)·log z - z + ½·log 2π) for z > 0."""
    if z < 10:
        # The difference of two small numbers: lgamma is exact enough here.
        return math.lgamma(z) - ((z - 0.5) * math.log(z) - z + _HALF_LOG_2PI)
    inverse_square = 1 / (z * z)
    total = 0.0
    for coefficient in reversed(_STIRLING):
        total = total * inverse_square + coefficient
    return total / z


def log_gamma_ratio(u: float, d: float) -> float:
    """Return log(Γ(u) / Γ(u + d)) for u > 0, d ≥ 0, without the cancellation of two lgammas.

    With counts near a million, lgamma is near 10⁷ and a plain difference of two
    keeps only about nine digits.
    """
    if d == 0:
        return 0.0
    v = u + d
    return (
        -u * log1pmx(d / u)
        + 0.5 * math.log1p(d / u)
        - d * math.log(v)
        + stirling_remainder(u)
        - stirling_remainder(v)
    )


def log_beta(a: float, b: float) -> float:
    """Return log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b)."""
    small, large = min(a, b), max(a, b)
    return math.lgamma(small) + log_gamma_ratio(large, small)


def _log_beta_kernel(x: float, y: float, a: float, b: float) -> float:
    """Return log(x^a · y^b / B(a, b)) for 0 < x < 1 and y = 1 - x.

    Written around the mode a / (a + b), where the large terms a·log x and
    b·log y cancel against log B(a, b): with Stirling's series the linear
    parts cancel exactly and what is left is small (DiDonato and Morris, 1992).
    """
    total = a + b
    return (
        a * _log_ratio_minus_linear(x * total / a)
        + b * _log_ratio_minus_linear(y * total / b)
        + 0.5 * math.log(a * b / (total * 2 * math.pi))
        - (stirling_remainder(a) + stirling_remainder(b) - stirling_remainder(total))
    )


def _log_ratio_minus_linear(ratio: float) -> float:
    """Return log(ratio) - (ratio - 1)."""
    if abs(ratio - 1) > 0.25:
        return math.log(ratio) - (ratio - 1)
    return log1pmx(ratio - 1)


def _beta_continued_fraction(x: float, a: float, b: float) -> float:
    """Return the continued fraction of I_x(a, b), by the modified Lentz method.

    It converges quickly for x < (a + 1) / (a + b + 2); in O(√max(a, b)) steps.
    """
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > _CF_TINY else _CF_TINY)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > _CF_TINY else _CF_TINY)
            c = 1 + numerator / c
            c = c if abs(c) > _CF_TINY else _CF_TINY
            delta = d * c
            h *= delta
        if abs(delta - 1) < _CF_EPSILON:
            return h
    raise ArithmeticError(f"The incomplete beta function did not converge at {x}, {a}, {b}.")


def beta_cdf(x: float, a: float, b: float) -> float:
    """Return I_x(a, b), the regularized incomplete beta function (the Beta(a, b) CDF)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    y = 1 - x
    if x < (a + 1) / (a + b + 2):
        return math.exp(_log_beta_kernel(x, y, a, b)) * _beta_continued_fraction(x, a, b) / a
    return 1 - math.exp(_log_beta_kernel(y, x, b, a)) * _beta_continued_fraction(y, b, a) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    """Return the x with I_x(a, b) = p: Halley steps inside a shrinking bracket."""
    if p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    # The two shapes of the most common histories, no yes or no rejection, in closed form.
    if a == 1:
        return -math.expm1(math.log1p(-p) / b)
    if b == 1:
        return math.exp(math.log(p) / a)
    low, high = 0.0, 1.0
    x = _beta_quantile_guess(p, a, b)
    if not 0 < x < 1:
        x = 0.5
    for _ in range(200):
        error = beta_cdf(x, a, b) - p
        if error == 0:
            return x
        if error < 0:
            low = x
        else:
            high = x
        density = math.exp(_log_beta_kernel(x, 1 - x, a, b)) / (x * (1 - x))
        step = error / density if density > 0 else math.inf
        # Halley's correction: f''/f' of the CDF is (a - 1)/x - (b - 1)/(1 - x).
        curvature = (a - 1) / x - (b - 1) / (1 - x)
        correction = 1 - 0.5 * step * curvature
        if math.isfinite(step) and correction > 0.5:
            step /= correction
        candidate = x - step
        if abs(candidate - x) <= 1e-15 * x:
            return candidate
        if not low < candidate < high:
            candidate = (low + high) / 2
        x = candidate
    return x


def _beta_quantile_guess(p: float, a: float, b: float) -> float:
    """Return a first guess for the Beta quantile (Numerical Recipes, 3rd ed., §6.14)."""
    if a >= 1 and b >= 1:
        tail = p if p < 0.5 else 1 - p
        t = math.sqrt(-2 * math.log(tail))
        z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
        if p < 0.5:
            z = -z
        al = (z * z - 3) / 6
        h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
        w = z * math.sqrt(al + h) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (
            al + 5 / 6 - 2 / (3 * h)
        )
        return a / (a + b * math.exp(min(2 * w, 700.0)))
    lna = math.log(a / (a + b))
    lnb = math.log(b / (a + b))
    t = math.exp(a * lna) / a
    u = math.exp(b * lnb) / b
    w = t + u
    if p < t / w:
        return (a * w * p) ** (1 / a)
    return 1 - (b * w * (1 - p)) ** (1 / b)
