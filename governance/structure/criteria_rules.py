"""The rules of a body's portfolio scoring criteria (governance.yaml `bodies[].portfolio.criteria`)."""

from __future__ import annotations

from typing import Any

from governance.structure.schema import ID_PATTERN
from governance.structure.values import _items

Loc = tuple
SCALE = (1, 2, 3, 4, 5)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_criteria(raw: dict) -> list[tuple[Loc, str, str]]:
    """Criteria ids unique and snake case, a descriptor for each score 1 to 5, weights that sum to more than 0.

    Weights that do not sum to 1 or 100 are not wrong: the portfolio capability normalises them and says so.
    """
    problems: list[tuple[Loc, str, str]] = []
    for index, body, _body_id in _items(raw, "bodies"):
        portfolio = body.get("portfolio") if isinstance(body, dict) else None
        criteria = portfolio.get("criteria") if isinstance(portfolio, dict) else None
        if not isinstance(criteria, list):
            continue
        base = ("bodies", index, "portfolio", "criteria")
        seen: set[str] = set()
        weights = []
        for position, criterion in enumerate(criteria):
            if not isinstance(criterion, dict):
                continue
            criterion_id = criterion.get("id")
            if isinstance(criterion_id, str):
                if not ID_PATTERN.fullmatch(criterion_id):
                    problems.append(
                        (
                            base + (position, "id"),
                            f"criterion id {criterion_id!r} is not allowed; expected lower snake case, e.g. 'value'",
                            "governance-bad-id",
                        )
                    )
                if criterion_id in seen:
                    problems.append(
                        (
                            base + (position, "id"),
                            f"criterion {criterion_id!r} is listed twice; expected unique ids",
                            "governance-duplicate-id",
                        )
                    )
                seen.add(criterion_id)
            scale = criterion.get("scale")
            if isinstance(scale, dict):
                keys = sorted(k for k in scale if isinstance(k, int))
                if keys != list(SCALE) or len(scale) != len(SCALE):
                    problems.append(
                        (
                            base + (position, "scale"),
                            f"the scale has scores {', '.join(map(str, scale)) or 'none'}; "
                            "expected one descriptor for each score 1, 2, 3, 4 and 5",
                            "portfolio-bad-scale",
                        )
                    )
            if _number(criterion.get("weight")):
                weights.append(criterion["weight"])
        if weights and len(weights) == len(criteria) and sum(weights) <= 0:
            problems.append(
                (
                    base,
                    "the criteria's weights sum to 0; expected at least one weight above 0",
                    "portfolio-zero-weights",
                )
            )
    return problems
