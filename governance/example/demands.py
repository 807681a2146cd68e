"""The example's portfolio: 20 demands for 2027-2028 in the kit's demand register, the delivery capacity, the
running projects' remaining effort, and the scoring workbooks two reviewers returned (governance/data/
example_portfolio.yaml), so that a new user's first `pmo portfolio` commands show a real trade-off."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import yaml
from openpyxl import load_workbook

from governance.core.atomic import write_bytes_atomic
from governance.core.i18n import pick
from governance.core.paths import DATA_DIR
from governance.core.xlsx.forms import form_brand_for
from governance.engagement.config import load_engagement
from governance.portfolio.criteria import load_scoring
from governance.portfolio.inputs import portfolio_dir
from governance.portfolio.intake_workbook import write_demand_register
from governance.portfolio.model import DemandRegister, quarters_between
from governance.portfolio.outputs import SCORES_FOLDER
from governance.portfolio.scoring_workbook import META_SHEET, scoring_file_name, write_scoring_workbook


@cache
def _story() -> dict:
    return yaml.safe_load((DATA_DIR / "example_portfolio.yaml").read_text(encoding="utf-8"))


def portfolio_settings() -> dict:
    """pmo.yaml's `portfolio:` section of the example: the budget of new demands per year."""
    return {"budget": dict(_story()["budget"])}


def _quarters(start: str, count: int) -> list[str]:
    last = int(start[:4]) * 4 + int(start[-1]) - 1 + count - 1
    return quarters_between(start, f"{last // 4:04d}-Q{last % 4 + 1}")


def _effort_rows(item_id: str, start: str, quarters: int, effort: dict, roles: dict, language: str) -> list[dict]:
    spread = _quarters(start, quarters)
    return [
        {"item_id": item_id, "role": pick(roles[role], language), "quarter": q, "days": round(days / quarters, 1)}
        for role, days in effort.items()
        for q in spread
    ]


def example_register(language: str) -> DemandRegister:
    """The example's demands, costs and effort (the running projects' too), as the register reader returns them."""
    story = _story()
    roles = story["roles"]
    demands, costs, effort = [], [], []
    for row, d in enumerate(story["demands"], start=2):
        demands.append(
            {
                "demand_id": d["id"],
                "title": pick(d["title"], language),
                "sponsor": d["sponsor"],
                "description": pick(d["description"], language),
                "objective": pick(d["objective"], language),
                "benefits": pick(d["benefits"], language),
                "benefit_value": float(d["value"]),
                "risk": float(d["risk"]),
                "earliest_start": d["start"],
                "dependencies": tuple(d.get("dependencies", ())),
                "mandatory": bool(d.get("mandatory", False)),
                "status": "submitted",
                "source": "demands.xlsx",
                "row": row,
            }
        )
        costs += [{"demand_id": d["id"], "year": int(y), "amount": float(a)} for y, a in d["costs"].items()]
        effort += _effort_rows(d["id"], d["start"], d["quarters"], d["effort"], roles, language)
    for p in story["running"]:
        effort += _effort_rows(p["id"], p["start"], p["quarters"], p["effort"], roles, language)
    effort_frame = pd.DataFrame(effort).assign(
        source="demands.xlsx", sheet="Charge", row=range(2, len(effort) + 2), role_column="Rôle"
    )
    return DemandRegister(pd.DataFrame(demands), pd.DataFrame(costs), effort_frame)


def _resources_csv(language: str) -> bytes:
    story = _story()
    months = sorted({m for r in story["resources"] for m in r.get("away", {})})
    header = ["nom", "rôle", "ETP"] if language == "fr" else ["name", "role", "FTE"]
    lines = [";".join(header + months)]
    for r in story["resources"]:
        fte = f"{r['fte']:g}".replace(".", ",") if language == "fr" else f"{r['fte']:g}"
        away = r.get("away", {})
        shares = [f"{round(100 * away[m])} %" if m in away else "" for m in months]
        lines.append(";".join([r["name"], pick(story["roles"][r["role"]], language), fte, *shares]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _fill_scores(path: Path, scores: dict[str, list[int]]) -> None:
    """A returned workbook: the reviewer's 1-5 scores typed in the yellow cells, row by demand, column by criterion."""
    workbook = load_workbook(path)
    identity = [(str(a), b) for a, b in workbook[META_SHEET].iter_rows(max_col=2, values_only=True) if a]
    values = dict(identity)
    demand_ids = [b for a, b in identity if a == "demand"]
    ws = workbook[values["sheet"]]
    first_row, first_column = int(values["first_row"]), int(values["first_criterion_column"])
    for offset, demand_id in enumerate(demand_ids):
        for k, score in enumerate(scores[demand_id]):
            ws.cell(first_row + offset, first_column + k, score)
    workbook.save(path)


def write_example_portfolio(root: Path, language: str) -> list[Path]:
    engagement = load_engagement(root)
    folder = portfolio_dir(engagement)
    (folder / SCORES_FOLDER).mkdir(parents=True, exist_ok=True)
    register = example_register(language)
    story = _story()
    register_path = folder / "demands.xlsx"
    write_demand_register(
        register_path,
        language=language,
        years=sorted({int(y) for d in story["demands"] for y in d["costs"]}),
        roles=[pick(label, language) for label in story["roles"].values()],
        brand=form_brand_for(engagement),
        client=engagement.config.client.name,
        demands=register,
    )
    files = [register_path, write_bytes_atomic(folder / "resources.csv", _resources_csv(language))]
    scoring = load_scoring(engagement)
    table = register.demands.assign(
        total_cost=register.demands["demand_id"].map(register.costs.groupby("demand_id")["amount"].sum())
    )
    for position, reviewer in enumerate(story["reviewers"]):
        path = folder / SCORES_FOLDER / scoring_file_name(reviewer, language)
        write_scoring_workbook(
            path,
            engagement_id=engagement.id,
            client=engagement.config.client.name,
            reviewer=reviewer,
            body_name=scoring.body_name[language],
            criteria=scoring.criteria,
            demands=table,
            language=language,
            brand=form_brand_for(engagement),
        )
        _fill_scores(path, {d["id"]: d["scores"][position] for d in story["demands"]})
        files.append(path)
    return files
