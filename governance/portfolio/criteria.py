"""The deciding body and its scoring criteria, from governance.yaml (or the default criteria), weights normalised."""

from __future__ import annotations

from dataclasses import dataclass, field

from governance.core.problems import InputError, Problem
from governance.engagement.config import Engagement
from governance.portfolio.model import Criterion
from governance.portfolio.scoring import normalise_weights
from governance.structure import GovernanceModel, resolve_governance
from governance.structure.resolve import PORTFOLIO_BODY, default_portfolio_scoring


@dataclass(frozen=True)
class Scoring:
    """Who decides on the portfolio and how demands are scored."""

    body_id: str
    body_name: dict[str, str]
    members: tuple[str, ...]  # role ids sitting on the body
    criteria: list[Criterion]
    warnings: list[Problem] = field(default_factory=list)


def _criteria(raw: list[dict]) -> list[Criterion]:
    return [
        Criterion(
            id=c["id"],
            name=dict(c["name"]),
            weight=float(c["weight"]),
            scale={int(k): dict(v) for k, v in c["scale"].items()},
        )
        for c in raw
    ]


def normalised(criteria: list[Criterion], where: str) -> tuple[list[Criterion], list[Problem]]:
    """The criteria with weights that sum to 1, and a warning when they were written to sum to something else."""
    weights, note = normalise_weights({c.id: c.weight for c in criteria})
    scaled = [Criterion(c.id, c.name, weights[c.id], c.scale) for c in criteria]
    if note is None:
        return scaled, []
    shares = ", ".join(f"{c.id} {100 * c.weight:.1f} %" for c in scaled)
    return scaled, [
        Problem("governance.yaml", f"{note}: {shares}", key=where, code="weights-normalised", severity="warning")
    ]


def deciding_body(model: GovernanceModel, configured: str | None) -> tuple[str, list[Problem]]:
    """pmo.yaml's `portfolio.body`, else the one body with criteria, else the portfolio board."""
    ids = [b.id for b in model.bodies]
    if configured:
        if configured not in ids:
            raise InputError(
                [
                    Problem(
                        "pmo.yaml",
                        f"unknown body {configured!r}; expected one of {', '.join(ids)}",
                        key="portfolio.body",
                        code="unknown-body",
                    )
                ]
            )
        return configured, []
    scoring = [b.id for b in model.bodies if b.portfolio is not None]
    if len(scoring) > 1:
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"several bodies have portfolio criteria ({', '.join(scoring)}); expected `portfolio.body` to say "
                    "which one decides",
                    key="portfolio.body",
                    code="ambiguous-body",
                )
            ]
        )
    if scoring:
        return scoring[0], []
    if PORTFOLIO_BODY in ids:
        return PORTFOLIO_BODY, []
    raise InputError(
        [
            Problem(
                "governance.yaml",
                "no body decides on the portfolio; expected `portfolio: criteria:` under one body, or "
                f"`portfolio.body` in pmo.yaml naming one of {', '.join(ids)}",
                key="bodies",
                code="no-portfolio-body",
            )
        ]
    )


def load_scoring(engagement: Engagement) -> Scoring:
    """The deciding body and its criteria (governance.yaml is validated on load: shape, scale, weights > 0)."""
    resolved = resolve_governance(engagement)
    body_id, warnings = deciding_body(resolved.model, engagement.config.portfolio.body)
    body = resolved.model.body(body_id)
    if body.portfolio is not None:
        raw = [c.model_dump(mode="python") for c in body.portfolio.criteria]
        where = f"bodies[{body_id}].portfolio.criteria"
    else:
        raw = default_portfolio_scoring()["criteria"]
        where = f"bodies[{body_id}]"
        warnings.append(
            Problem(
                "governance.yaml" if resolved.source == "governance.yaml" else "",
                f"the {body_id} body has no `portfolio: criteria:`; the default criteria are used "
                f"({', '.join(c['id'] for c in raw)})",
                key=where if resolved.source == "governance.yaml" else None,
                code="default-criteria",
                severity="warning",
            )
        )
    criteria, notes = normalised(_criteria(raw), where)
    return Scoring(body_id, dict(body.name.model_dump()), tuple(body.members), criteria, warnings + notes)
