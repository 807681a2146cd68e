"""The rules on single values of a governance model: a cadence that can be held, a tolerance band, budget tiers
that cover every project once. Each returns (key path, message) pairs; governance.structure.rules gives them codes."""

from __future__ import annotations

from typing import Any

from governance.structure.schema import FREQUENCIES, ORDINALS, TIME_PATTERN, WEEKDAYS

Loc = tuple  # a key path into the raw YAML data: ("bodies", 2, "chair")


def parse_rule(frequency: str, rule: str) -> tuple[int | None, int]:
    """'first tuesday' -> (1, 1); 'last friday' -> (-1, 4); 'tuesday' -> (None, 1). ValueError when wrong."""
    words = rule.split()
    periodic = frequency in ("monthly", "quarterly")
    if periodic:
        if len(words) != 2 or words[0] not in ORDINALS:
            raise ValueError(
                f"rule {rule!r} does not fit a {frequency} cadence; expected "
                f"'<first|second|third|fourth|last> <weekday>', e.g. 'first tuesday'"
            )
        ordinal, weekday = ORDINALS[words[0]], words[1]
    else:
        if len(words) != 1:
            raise ValueError(f"rule {rule!r} does not fit a {frequency} cadence; expected a weekday, e.g. 'tuesday'")
        ordinal, weekday = None, words[0]
    if weekday not in WEEKDAYS:
        raise ValueError(f"{weekday!r} is not a weekday; expected one of {', '.join(WEEKDAYS)}")
    return ordinal, WEEKDAYS.index(weekday)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _fraction(value: float) -> str:
    """0.1 -> '0.10': tolerances read as the consultant wrote them."""
    return f"{value:.2f}" if abs(value) < 1 and round(value, 2) == value else f"{value:g}"


def _euros(value: float | None) -> str:
    return "no upper bound" if value is None else f"{value:,.0f}"


def _items(raw: dict, section: str, id_key: str = "id"):
    """(index, item, id) for the dict items of a section; anything else is pydantic's to report."""
    items = raw.get(section)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            yield index, item, item.get(id_key)


def check_cadence(cadence: dict) -> list[tuple[Loc, str]]:
    problems = []
    frequency, rule = cadence.get("frequency"), cadence.get("rule")
    if frequency in FREQUENCIES and isinstance(rule, str):
        try:
            parse_rule(frequency, " ".join(rule.lower().split()))
        except ValueError as exc:
            problems.append((("rule",), str(exc)))
    time = cadence.get("time", "09:00")
    if isinstance(time, int) and not isinstance(time, bool) and 0 <= time < 24 * 60:
        time = f"{time // 60:02d}:{time % 60:02d}"
    if not isinstance(time, str) or not TIME_PATTERN.fullmatch(time):
        problems.append(
            (("time",), f"time {time!r} is not allowed; expected HH:MM from 00:00 to 23:59, in quotes, e.g. '09:30'")
        )
    duration = cadence.get("duration_minutes", 60)
    if isinstance(duration, int) and not isinstance(duration, bool):
        if not 15 <= duration <= 480:
            problems.append((("duration_minutes",), f"duration {duration} is not allowed; expected 15 to 480 minutes"))
        elif isinstance(time, str) and TIME_PATTERN.fullmatch(time):
            hours, minutes = map(int, time.split(":"))
            if hours * 60 + minutes + duration > 24 * 60:
                problems.append(
                    (
                        ("duration_minutes",),
                        f"a meeting at {time} lasting {duration} minutes ends after "
                        "midnight; expected it to end the same day",
                    )
                )
    months = cadence.get("months")
    if months is not None:
        if frequency != "quarterly":
            problems.append((("months",), f"months only apply to a quarterly cadence, not a {frequency} one"))
        elif isinstance(months, list) and all(isinstance(m, int) for m in months):
            ordered = sorted(months)
            spaced = len(ordered) == 4 and all(b - a == 3 for a, b in zip(ordered, ordered[1:], strict=False))
            if not all(1 <= m <= 12 for m in months) or not spaced:
                problems.append(
                    (
                        ("months",),
                        f"months {months} are not allowed; expected four months three apart, e.g. [1, 4, 7, 10]",
                    )
                )
    if cadence.get("reference_date") is not None and frequency != "biweekly":
        problems.append(
            (("reference_date",), f"reference_date only applies to a biweekly cadence, not a {frequency} one")
        )
    return problems


def check_band(band: dict) -> list[tuple[Loc, str]]:
    problems = []
    amber, red = _number(band.get("amber")), _number(band.get("red"))
    for name, value in (("amber", amber), ("red", red)):
        if value is not None and not 0 < value <= 1:
            problems.append(
                (
                    (name,),
                    f"{name} {_fraction(value)} is not allowed; expected a fraction above 0 and "
                    "at most 1 (0.10 = 10 %)",
                )
            )
    if amber is not None and red is not None and amber >= red:
        problems.append(
            (
                (),
                f"amber {_fraction(amber)} is not below red {_fraction(red)}; expected amber < red, so "
                "that the bands do not overlap (green below amber, amber from amber to red, red from "
                "red up)",
            )
        )
    return problems


def check_tier_coverage(raw: dict) -> list[tuple[Loc, str]]:
    """Budget bands [budget_min, budget_max) must cover [0, infinity) once, listed from largest to smallest."""
    problems = []
    bands = []
    for index, tier, tier_id in _items(raw, "tiers"):
        low, high = _number(tier.get("budget_min")), tier.get("budget_max")
        if low is None or (high is not None and _number(high) is None):
            return problems  # a type problem pydantic reports
        high = None if high is None else float(high)
        name = tier_id if isinstance(tier_id, str) else f"#{index + 1}"
        if high is not None and high <= low:
            problems.append(
                (
                    ("tiers", index, "budget_max"),
                    f"budget_max {_euros(high)} is not above budget_min {_euros(low)}; expected a band from min to max",
                )
            )
            return problems
        bands.append((low, high, index, name))
    if not bands:
        return problems
    listed = [b[3] for b in bands]
    by_size = sorted(bands, key=lambda b: b[0])
    expected = [b[3] for b in reversed(by_size)]
    if listed != expected:
        problems.append(
            (
                ("tiers",),
                f"tiers are not listed from the largest to the smallest budget; expected {', '.join(expected)}",
            )
        )
    low, _, index, name = by_size[0]
    if low > 0:
        problems.append(
            (
                ("tiers", index, "budget_min"),
                f"budgets from 0 to {_euros(low)} fall in no tier; expected "
                f"the smallest tier ({name}) to start at budget_min: 0",
            )
        )
    for (low_a, high_a, index_a, name_a), (low_b, _, index_b, name_b) in zip(by_size, by_size[1:], strict=False):
        if high_a is None or high_a > low_b:
            problems.append(
                (
                    ("tiers", index_a, "budget_max"),
                    f"tier {name_a} ({_euros(low_a)} to {_euros(high_a)}) overlaps tier {name_b} (from "
                    f"{_euros(low_b)}); expected {name_a} to end where {name_b} starts",
                )
            )
        elif high_a < low_b:
            problems.append(
                (
                    ("tiers", index_b, "budget_min"),
                    f"budgets from {_euros(high_a)} to {_euros(low_b)} fall in no tier ({name_a} ends at "
                    f"{_euros(high_a)}, {name_b} starts at {_euros(low_b)}); expected no gap",
                )
            )
    low, high, index, name = by_size[-1]
    if high is not None:
        problems.append(
            (
                ("tiers", index, "budget_max"),
                f"budgets from {_euros(high)} up fall in no tier; expected "
                f"the largest tier ({name}) to have budget_max: null",
            )
        )
    return problems
