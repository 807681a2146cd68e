"""What portfolio runs write into out/portfolio/ (always into a run's staging, published by the flow): the
reviewers' scoring workbooks, the capacity heat map and balance, the board pack with its decision sheet."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlmodel import Session

from governance.core.i18n import t
from governance.core.problems import InputError, Problem
from governance.core.publish import Staging
from governance.core.xlsx.forms import form_brand_for
from governance.core.xlsx.frames import Column, Sheet, write_workbook
from governance.portfolio.analysis import Capacity
from governance.portfolio.capacity import bottlenecks
from governance.portfolio.decision_sheet import SheetContent, sheet_file_name, write_decision_sheet
from governance.portfolio.deck import proposal_rows
from governance.portfolio.heatmap import heat_map_png
from governance.portfolio.inputs import PortfolioInputs, portfolio_dir
from governance.portfolio.model import CANDIDATE_STATUSES
from governance.portfolio.pack import BoardPack, output_name, render_pack
from governance.portfolio.run import SelectionRun, budget_rows, scored_table
from governance.portfolio.scoring_workbook import read_scoring_workbooks, scoring_file_name, write_scoring_workbook
from governance.portfolio.store import record_proposal

SCORING_FOLDER = "portfolio/scoring"
CAPACITY_FOLDER = "portfolio/capacity"
BOARD_FOLDER = "portfolio/board"
SCORES_FOLDER = "scores"  # under data/portfolio/: the returned scoring workbooks


@dataclass
class Returned:
    """The scoring workbooks returned, read and checked."""

    files: list[str]
    scores: pd.DataFrame  # reviewer, demand_id, criterion, score
    workbooks: dict[str, str]  # reviewer -> the file their scores come from
    warnings: list[Problem] = field(default_factory=list)


def read_returned_scores(inputs: PortfolioInputs) -> Returned:
    """Every workbook of data/portfolio/scores/; InputError with all problems of all of them."""
    engagement = inputs.engagement
    folder = portfolio_dir(engagement) / SCORES_FOLDER
    paths = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", "."))) if folder.is_dir() else []
    labels = [engagement.display(p) for p in paths]
    scores, problems = read_scoring_workbooks(
        paths,
        labels,
        engagement_id=engagement.id,
        criteria=inputs.scoring.criteria,
        demand_ids=inputs.register.ids,
        language=engagement.config.language,
    )
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    workbooks = dict(scores.attrs.get("workbooks", {}))
    return Returned(labels, scores, workbooks, [p for p in problems if p.severity == "warning"])


def write_scoring_workbooks(
    inputs: PortfolioInputs, decisions: pd.DataFrame, reviewers: list[str], scores: pd.DataFrame, staging: Staging
) -> list[str]:
    """A blank workbook for each reviewer who has not returned one, listing the demands still to decide."""
    engagement = inputs.engagement
    language = engagement.config.language
    table = scored_table(inputs, scores, decisions)
    open_demands = table[table["status"].isin(CANDIDATE_STATUSES)]
    returned = set(scores["reviewer"]) if len(scores) else set()
    folder = staging.folder(SCORING_FOLDER)
    brand = form_brand_for(engagement)
    body = inputs.scoring.body_name[language]
    written = []
    for reviewer in reviewers:
        if reviewer in returned:
            continue
        path = folder / scoring_file_name(reviewer, language)
        path.unlink(missing_ok=True)  # a hard link to the published file: never write through it
        write_scoring_workbook(
            path,
            engagement_id=engagement.id,
            client=engagement.config.client.name,
            reviewer=reviewer,
            body_name=body,
            criteria=inputs.scoring.criteria,
            demands=open_demands,
            language=language,
            brand=brand,
        )
        written.append(str(staging.final(path)))
    return written


def write_capacity(inputs: PortfolioInputs, capacity: Capacity, staging: Staging) -> list[str]:
    """The heat map (committed work and every candidate) and the balance workbook, in out/portfolio/capacity/."""
    engagement = inputs.engagement
    language = engagement.config.language
    folder = staging.folder(CAPACITY_FOLDER)
    balance = capacity.balance()
    labels = inputs.resources.role_labels
    title = t(
        language,
        fr="Charge / capacité par rôle et par mois — projets en cours, demandes approuvées et candidates",
        en="Load / capacity by role and month — running projects, approved and candidate demands",
    )
    png = heat_map_png(balance, language=language, title=title, role_labels=labels)
    heat = staging.write_bytes(folder / t(language, fr="carte-de-charge.png", en="capacity-heat-map.png"), png)
    shown = balance.assign(role=balance["role"].map(lambda r: labels.get(r, r)))
    neck = bottlenecks(balance)
    neck = neck.assign(
        role=neck["role"].map(lambda r: labels.get(r, r)), over_months=neck["over_months"].map(", ".join)
    )
    name = t(language, fr="equilibre-charge-capacite.xlsx", en="capacity-balance.xlsx")
    path = folder / name
    path.unlink(missing_ok=True)
    write_workbook(
        path,
        [
            Sheet(t(language, fr="Équilibre", en="Balance"), shown, _balance_columns(language)),
            Sheet(t(language, fr="Goulets", en="Bottlenecks"), neck, _bottleneck_columns(language)),
        ],
        header_fill=engagement.config.branding.primary_colour.lstrip("#"),
        title=t(language, fr="Charge et capacité", en="Load and capacity"),
        author=engagement.config.consultant,
    )
    return [str(staging.final(heat)), str(staging.final(path))]


def _balance_columns(language: str) -> list[Column]:
    names = [
        ("role", t(language, fr="Rôle", en="Role"), "text"),
        ("month", t(language, fr="Mois", en="Month"), "text"),
        ("capacity", t(language, fr="Capacité (j)", en="Capacity (days)"), "decimal"),
        ("committed", t(language, fr="Engagé (j)", en="Committed (days)"), "decimal"),
        ("candidates", t(language, fr="Candidates (j)", en="Candidates (days)"), "decimal"),
        ("load", t(language, fr="Charge (j)", en="Load (days)"), "decimal"),
        ("free", t(language, fr="Libre (j)", en="Free (days)"), "decimal"),
        ("utilisation", t(language, fr="Taux de charge", en="Utilisation"), "percent"),
    ]
    return [Column(header, source, kind) for source, header, kind in names]


def _bottleneck_columns(language: str) -> list[Column]:
    names = [
        ("role", t(language, fr="Rôle", en="Role"), "text"),
        ("months_over", t(language, fr="Mois en surcharge", en="Months over"), "integer"),
        ("over_months", t(language, fr="Lesquels", en="Which"), "text"),
        ("peak_month", t(language, fr="Pic", en="Peak month"), "text"),
        ("peak_utilisation", t(language, fr="Charge au pic", en="Peak utilisation"), "percent"),
        ("overload_days", t(language, fr="Surcharge (j)", en="Overload (days)"), "decimal"),
    ]
    return [Column(header, source, kind) for source, header, kind in names]


def ranked_demands(run: SelectionRun) -> pd.DataFrame:
    """The demands the board considers (candidates, approved, mandatory), best score first, with the proposal."""
    table = run.table[run.table["status"].isin((*CANDIDATE_STATUSES, "approved"))].copy()
    chosen = set(run.exact.selected)
    table["selected"] = table["demand_id"].isin(chosen) | (table["status"] == "approved")
    table = table.sort_values(["score", "demand_id"], ascending=[False, True], na_position="last", kind="stable")
    table.insert(0, "rank", range(1, len(table) + 1))
    columns = ["rank", "demand_id", "title", "sponsor", "score", "reviewers", "flagged", "total_cost", "status"]
    return table[[*columns, "mandatory", "selected"]].reset_index(drop=True)


def _proposal(row: dict) -> str:
    if row["selected"]:
        return "mandatory" if row["mandatory"] else "selected"
    return "unscored" if pd.isna(row["score"]) else "deferred"


def proposal_frame(run: SelectionRun) -> pd.DataFrame:
    """The demands put to the board (not yet approved), with what the PMO proposes for each."""
    ranked = ranked_demands(run)
    candidates = ranked[ranked["status"] != "approved"].copy()
    candidates["proposal"] = [_proposal(r) for r in candidates.to_dict("records")]
    return candidates


def write_board_pack(inputs: PortfolioInputs, run: SelectionRun, staging: Staging, *, today: date) -> list[str]:
    """The board pack (Word) and the decision sheet the board fills, in out/portfolio/board/."""
    engagement = inputs.engagement
    language = engagement.config.language
    settings = engagement.config.portfolio
    labels = inputs.resources.role_labels
    folder = staging.folder(BOARD_FOLDER)
    ranked = ranked_demands(run)
    sheet_name = sheet_file_name(today, language)
    title = t(language, fr="Charge / capacité par rôle et par mois", en="Load / capacity by role and month")
    before, after = run.balance_before(), run.balance_after()
    heat = {
        name: heat_map_png(frame, language=language, title=f"{title} — {caption}", role_labels=labels)
        for name, frame, caption in (
            ("before", before, t(language, fr="engagé", en="committed")),
            ("after", after, t(language, fr="avec la proposition", en="with the proposal")),
        )
    }
    reasons = run.reasons
    deferred = ranked[ranked["demand_id"].isin(reasons)][["demand_id", "title", "score"]].copy()
    deferred["reasons"] = deferred["demand_id"].map(reasons)
    pack = BoardPack(
        client=engagement.config.client.name,
        consultant=engagement.config.consultant,
        body_name=inputs.scoring.body_name[language],
        prepared_on=today,
        currency=settings.currency,
        ranked=ranked,
        budget=budget_rows(run),
        frontier=pd.DataFrame(
            {
                "total_budget": [p.total_budget for p in run.frontier],
                "score": [p.score for p in run.frontier],
                "count": [len(p.selected) for p in run.frontier],
                "is_current": [abs(p.budget_factor - 1.0) < 1e-9 for p in run.frontier],
            }
        ),
        heat_before=heat["before"],
        heat_after=heat["after"],
        bottlenecks_before=_pack_bottlenecks(before),
        bottlenecks_after=_pack_bottlenecks(after),
        selection_score=run.exact.score,
        greedy_score=run.baseline.score,
        gap=float(run.gap.get("relative", 0.0)),
        solver_seconds=run.exact.seconds,
        binding=[{"kind": b.kind, "key": b.key, "used": b.needed, "available": b.available} for b in run.exact.binding],
        deferred=deferred.reset_index(drop=True),
        warnings=[str(w) for w in run.warnings],
        decision_sheet=sheet_name,
        role_labels=labels,
    )
    pack_path = folder / output_name(language, today)
    pack_path.unlink(missing_ok=True)
    render_pack(pack, pack_path, engagement=engagement, language=language)
    candidates = proposal_frame(run)
    sheet_path = folder / sheet_name
    sheet_path.unlink(missing_ok=True)
    write_decision_sheet(
        sheet_path,
        SheetContent(
            body_id=inputs.scoring.body_id,
            body_label=inputs.scoring.body_name[language],
            prepared_on=today,
            currency=settings.currency,
            rows=candidates,
        ),
        form_brand_for(engagement),
    )
    return [str(staging.final(pack_path)), str(staging.final(sheet_path))]


def _pack_bottlenecks(balance: pd.DataFrame) -> pd.DataFrame:
    return bottlenecks(balance).rename(columns={"peak_utilisation": "peak"})


def store_proposal(inputs: PortfolioInputs, run: SelectionRun, *, today: date, session: Session) -> None:
    """The selection put to the board, kept for the committee deck's portfolio slide."""
    budget = budget_rows(run)
    record_proposal(
        session=session,
        engagement=inputs.engagement.id,
        body_id=inputs.scoring.body_id,
        prepared_on=today,
        score=run.exact.score,
        greedy_score=run.baseline.score,
        demands=proposal_rows(proposal_frame(run)),
        budget=json.loads(budget.to_json(orient="records")),
    )
