"""The portfolio board pack (portfolio_pack.<fr|en>.docx): what the PMO proposes to the body that decides on the
portfolio, and why.

The pack is built from a `BoardPack`, plain data prepared from the computations (scoring, capacity, selection,
frontier): 1. summary, 2. the demands ranked, 3. the efficient frontier, 4. capacity before and with the proposal,
5. the proposed selection and the limits it reaches, 6. the demands not proposed and why, 7. the next step (the
decision sheet, then `pmo portfolio decide`).

Wording comes from governance/data/words/portfolio_pack.yaml (the statuses and proposals from portfolio.yaml);
every figure and date goes through governance.core.formatting. The template is the engagement's
templates/portfolio_pack.<lang>.docx when there is one, else the kit's, rendered in the sandbox.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from governance.core.docx import RenderResult, branding_for, render_docx, template_path
from governance.core.formatting import NOT_DEFINED, defined, month_year, number, percent
from governance.core.i18n import french_spaced, plural, words
from governance.portfolio.frontier_chart import amount, frontier_png, next_step, thousands
from governance.portfolio.model import quarter_label

TEMPLATE_ID = "portfolio_pack"
FRONTIER_CM = 15.5  # the annual report's chart width: the text width of a portrait page, less a little
HEAT_MAP_CM = 25.0  # the capacity section is a landscape page (25.7 cm between the margins)
HEAT_MAP_HEIGHT_CM = 10.0  # a heat map and its bottleneck table share one landscape page
IMAGES = ("frontier_chart", "heat_before", "heat_after")
FLAG = "▲"  # reviewers disagree: a symbol every font has (the annual report's "at risk" mark)


@dataclass
class BoardPack:
    """What the pack shows, computed elsewhere (the selection run); plain data, in the pack's language where text.

    ranked: one row per demand considered, best first: rank, demand_id, title, sponsor, score (1-5 or NaN),
        reviewers, flagged (reviewers disagree), total_cost, status (id), mandatory, selected.
    budget: one row per year: year, budget (NaN: none), committed (approved demands), selected (the proposal's
        cost), greedy (the baseline's cost).
    frontier: one row per point: total_budget, score, count, is_current.
    heat_before / heat_after: the capacity heat maps (PNG) without and with the proposal.
    bottlenecks_before / _after: role, months_over, peak (utilisation), peak_month ('2027-03'), overload_days.
    gap: how far the greedy baseline is from the selection, relative (selection.gap()'s 'relative' divides by the
        selection's score). The pack prints the gain over the baseline from the two scores themselves,
        selection_score / greedy_score - 1 (11.6 against 10.7 prints '+8.4%'), so that the sentence agrees with
        the scores it quotes whichever way gap is normalised; gap is used only when the baseline scores nothing.
    binding: the limits the selection reaches: {kind: 'budget'|'capacity', key: '2027' or 'developpeur 2027-Q2',
        used, available}.
    deferred: the candidates not proposed: demand_id, title, score, reasons (list of sentences).
    decision_sheet: the file name of the decision sheet written beside the pack.
    role_labels: role key (as the capacity file is matched, 'developpeur') -> the role as written ('Développeur');
        a role without one prints as its key.
    """

    client: str
    consultant: str
    body_name: str
    prepared_on: date
    currency: str
    ranked: pd.DataFrame
    budget: pd.DataFrame
    frontier: pd.DataFrame
    heat_before: bytes
    heat_after: bytes
    bottlenecks_before: pd.DataFrame
    bottlenecks_after: pd.DataFrame
    selection_score: float
    greedy_score: float
    gap: float
    solver_seconds: float
    binding: list[dict]
    deferred: pd.DataFrame
    warnings: list[str]
    decision_sheet: str
    role_labels: dict[str, str] = field(default_factory=dict)


def output_name(language: str, prepared_on: date) -> str:
    """dossier-comite-portefeuille-2026-11-20.docx / portfolio-board-pack-2026-11-20.docx."""
    return f"{words('portfolio_pack', language)['output']['stem']}-{prepared_on.isoformat()}.docx"


class _Format:
    """The pack language's formatters, short to call."""

    def __init__(self, language: str, currency: str) -> None:
        self.language = language
        self.currency = currency
        self.undefined = NOT_DEFINED[language]

    def num(self, value: Any, decimals: int = 0) -> str:
        return number(value, self.language, decimals)

    def score(self, value: Any) -> str:
        return number(value, self.language, 1)

    def k(self, value: Any) -> str:
        """An amount in a table: in thousands, every row in one unit."""
        return thousands(value, self.language, self.currency) if defined(value) else self.undefined

    def money(self, value: Any) -> str:
        """An amount in a sentence: in millions from 1 M, in thousands below."""
        return amount(value, self.language, self.currency)

    def role(self, key: str, labels: dict[str, str]) -> str:
        return labels.get(key) or key


def _quote(text: str, language: str) -> str:
    return f"« {text} »" if language == "fr" else f"“{text}”"


# ------------------------------------------------------------------------------------------- 2. ranked demands
# (their rows also make the table of 5., the demands proposed)


def _proposal(row: dict, proposals: dict[str, str]) -> str:
    """What the PMO proposes for a demand, in the decision sheet's words."""
    if row["status"] == "approved":
        return proposals["committed"]
    if row["mandatory"] and row["selected"]:
        return proposals["mandatory"]
    if row["selected"]:
        return proposals["selected"]
    return proposals["deferred"] if defined(row["score"]) else proposals["unscored"]


def _ranked(pack: BoardPack, f: _Format) -> dict:
    portfolio = words("portfolio", f.language)
    rows = []
    for r in pack.ranked.to_dict("records"):
        rows.append(
            {
                "rank": f.num(r["rank"]),
                "id": str(r["demand_id"]),
                "title": str(r["title"]),
                "sponsor": str(r["sponsor"]) if defined(r["sponsor"]) else "",
                "score": f.score(r["score"]),
                "reviewers": f.num(r["reviewers"]),
                "flag": FLAG if defined(r["flagged"]) and bool(r["flagged"]) else "",
                "cost": f.k(r["total_cost"]),
                "status": portfolio["status"].get(r["status"], str(r["status"])),
                "proposal": _proposal(r, portfolio["proposal"]),
                # Proposed now: selected and not approved already (an approved demand is committed, not proposed).
                "proposed": bool(r["selected"]) and r["status"] != "approved",
            }
        )
    return {"rows": rows, "flagged": bool(pack.ranked["flagged"].any()) if len(pack.ranked) else False}


# ------------------------------------------------------------------------------------------- 1. summary


def _budget(pack: BoardPack, f: _Format) -> dict:
    w = words("portfolio_pack", f.language)["budget"]
    rows = []
    for r in pack.budget.to_dict("records"):
        has_budget = defined(r["budget"])
        left = r["budget"] - r["committed"] - r["selected"] if has_budget else None
        rows.append(
            {
                "year": str(int(r["year"])),
                "budget": f.k(r["budget"]) if has_budget else w["none"],
                "committed": f.k(r["committed"]),
                "selected": f.k(r["selected"]),
                "left": f.k(left) if has_budget else "",
                "greedy": f.k(r["greedy"]),
            }
        )
    frame = pack.budget
    budgets = frame["budget"] if len(frame) else pd.Series(dtype=float)
    all_budgeted = bool(len(frame)) and bool(budgets.notna().all())
    total_budget = float(budgets.sum()) if all_budgeted else None
    committed, selected = float(frame["committed"].sum()), float(frame["selected"].sum())
    return {
        "rows": rows,
        "total": {
            "year": w["total"],
            "budget": f.k(total_budget) if all_budgeted else "",
            "committed": f.k(committed),
            "selected": f.k(selected),
            "left": f.k(total_budget - committed - selected) if all_budgeted else "",
            "greedy": f.k(float(frame["greedy"].sum())),
        },
    }


def _overloaded(frame: pd.DataFrame, language: str) -> str:
    forms = words("portfolio_pack", language)["summary"]["roles"]
    n = len(frame)
    return forms["zero"] if n == 0 else plural(forms, n)


def _gain(pack: BoardPack, f: _Format) -> str:
    """The selection's score over the baseline's: '+8.4%' is 8.4 % more than the baseline's score."""
    w = words("portfolio_pack", f.language)["summary"]
    greedy, score = pack.greedy_score, pack.selection_score
    gain = float(score) / float(greedy) - 1 if defined(greedy) and defined(score) and greedy > 0 else pack.gap
    if defined(gain) and round(float(gain), 3) > 0:
        return w["gap"].format(
            gain="+" + percent(gain, f.language, 1),
            score=f.score(pack.selection_score),
            greedy=f.score(pack.greedy_score),
        )
    return w["same"].format(score=f.score(pack.selection_score))


def _summary(pack: BoardPack, f: _Format) -> list[str]:
    w = words("portfolio_pack", f.language)["summary"]
    ranked = pack.ranked
    approved = ranked["status"] == "approved"
    candidates, committed = ranked[~approved], ranked[approved]
    chosen = candidates[candidates["selected"].astype(bool)]
    lines = [
        w["proposal"].format(
            selected=len(chosen),
            considered=len(candidates),
            score=f.score(pack.selection_score),
            cost=f.money(float(chosen["total_cost"].sum())),
        )
    ]
    mandatory = int(chosen["mandatory"].astype(bool).sum())
    if mandatory:
        lines[0] += " " + plural(w["mandatory"], mandatory)
    if len(committed):
        lines[0] += " " + plural(w["approved"], len(committed), cost=f.money(float(committed["total_cost"].sum())))
    lines.append(_gain(pack, f))
    lines.append(
        w["bottlenecks"].format(
            before=_overloaded(pack.bottlenecks_before, f.language),
            after=_overloaded(pack.bottlenecks_after, f.language),
        )
    )
    lines.append(w["decision"].format(body=pack.body_name, sheet=_quote(pack.decision_sheet, f.language)))
    return lines


# ------------------------------------------------------------------------------------------- 3. frontier


def _frontier(pack: BoardPack, f: _Format) -> dict:
    w = words("portfolio_pack", f.language)["frontier"]
    if pack.frontier is None or pack.frontier.empty:
        return {"ok": False, "next": "", "none": w["none"]}
    step = next_step(pack.frontier)
    if step is None:
        sentence = w["no_current"]
    elif step.next is None:
        sentence = w["top"].format(current=f.money(step.current["total_budget"]))
    else:
        more = step.extra_count
        counts = w["count"]
        if more > 0:
            count = plural({"one": counts["more_one"], "other": counts["more_other"]}, more)
        elif more < 0:
            count = plural({"one": counts["fewer_one"], "other": counts["fewer_other"]}, -more)
        else:
            count = counts["same"]
        sentence = w["next"].format(
            current=f.money(step.current["total_budget"]),
            extra=f.money(step.extra_budget),
            total=f.money(step.next["total_budget"]),
            score=f.score(step.extra_score),
            count=count,
        )
    return {"ok": True, "next": sentence, "none": ""}


# ------------------------------------------------------------------------------------------- 4. capacity


def _bottlenecks(frame: pd.DataFrame, pack: BoardPack, f: _Format) -> dict:
    peak = "peak" if "peak" in frame.columns else "peak_utilisation"  # capacity.bottlenecks() names it so
    rows = [
        {
            "role": f.role(r["role"], pack.role_labels),
            "months": f.num(r["months_over"]),
            "peak": percent(r[peak], f.language),
            "month": month_year(r["peak_month"], f.language) if defined(r["peak_month"]) else f.undefined,
            "days": f.num(r["overload_days"]),
        }
        for r in frame.to_dict("records")
    ]
    return {"rows": rows, "none": words("portfolio_pack", f.language)["capacity"]["none"]}


# ------------------------------------------------------------------------------------------- 5. selection


def _binding(limit: dict, pack: BoardPack, f: _Format) -> str:
    w = words("portfolio_pack", f.language)["selection"]
    if limit["kind"] == "budget":
        return w["budget"].format(year=limit["key"], used=f.money(limit["used"]), available=f.money(limit["available"]))
    role, _, quarter = str(limit["key"]).rpartition(" ")  # the role key may hold spaces, the quarter never
    return w["capacity"].format(
        role=f.role(role, pack.role_labels),
        quarter=quarter_label(quarter, f.language),
        used=f.num(limit["used"]),
        available=f.num(limit["available"]),
    )


def _selection(pack: BoardPack, ranked: dict, f: _Format) -> dict:
    w = words("portfolio_pack", f.language)["selection"]
    seconds = float(pack.solver_seconds) if defined(pack.solver_seconds) else 0.0
    return {
        "rows": [r for r in ranked["rows"] if r["proposed"]],
        "binding": [_binding(limit, pack, f) for limit in pack.binding],
        "none": w["none"],
        "method": w["method"].format(seconds=f.num(seconds, 1 if seconds >= 1 else 2)),
    }


# ------------------------------------------------------------------------------------------- 6. deferred


def _deferred(pack: BoardPack, f: _Format) -> dict:
    rows = [
        {
            "id": str(r["demand_id"]),
            "title": str(r["title"]),
            "score": f.score(r["score"]),
            "reasons": [str(reason) for reason in r["reasons"]],
        }
        for r in pack.deferred.to_dict("records")
    ]
    return {"rows": rows, "none": words("portfolio_pack", f.language)["deferred"]["none"]}


# ------------------------------------------------------------------------------------------- 7. next step


def _next_step(pack: BoardPack, f: _Format) -> dict:
    w = words("portfolio_pack", f.language)["next_step"]
    return {
        "sheet": w["sheet"].format(body=pack.body_name, sheet=_quote(pack.decision_sheet, f.language)),
        "decide": w["decide"].format(command=_quote("pmo portfolio decide", f.language)),
    }


# ------------------------------------------------------------------------------------------- the pack


def _size_cm(png: bytes, widest: float, tallest: float | None = None) -> float:
    """The width to print a PNG at: its own size (at the dpi it was drawn), no wider than `widest` and, when
    given, no taller than `tallest`, so that its text stays the size it was drawn at whenever it fits."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
        dpi = float((image.info.get("dpi") or (150, 150))[0]) or 150.0
    natural = width / dpi * 2.54
    result = min(natural, widest)
    if tallest is not None and height:
        result = min(result, tallest * width / height)
    return round(result, 2)


def pack_images(pack: BoardPack, *, language: str) -> dict[str, tuple[bytes, float]]:
    """The pack's charts for render_docx: name -> (PNG, width in cm); a heat map left empty is not shown."""
    images: dict[str, tuple[bytes, float]] = {}
    if pack.frontier is not None and not pack.frontier.empty:
        images["frontier_chart"] = (frontier_png(pack.frontier, language=language, currency=pack.currency), FRONTIER_CM)
    for name in ("heat_before", "heat_after"):
        png = getattr(pack, name)
        if png:
            images[name] = (png, _size_cm(png, HEAT_MAP_CM, HEAT_MAP_HEIGHT_CM))
    return images


def pack_context(pack: BoardPack, *, language: str, doc=None) -> dict[str, Any]:
    """The template context in `language`.

    The charts are not in it unless `doc` is given: render_pack hands them to the renderer as PNG (the house's
    way), and the context holds "" for each (a chart left out is not shown). With `doc`, a docxtpl DocxTemplate,
    they are InlineImages of it: the context alone then renders the template with docxtpl.
    """
    f = _Format(language, pack.currency)
    ranked = _ranked(pack, f)
    context: dict[str, Any] = {
        "client": pack.client,
        "consultant": pack.consultant,
        "body_name": pack.body_name,
        "prepared_on": pack.prepared_on,
        "decision_sheet": pack.decision_sheet,
        "summary": _summary(pack, f),
        "warnings": [str(warning) for warning in pack.warnings],
        "budget": _budget(pack, f),
        "ranked": ranked,
        "frontier": _frontier(pack, f),
        "capacity": {
            "before": _bottlenecks(pack.bottlenecks_before, pack, f),
            "after": _bottlenecks(pack.bottlenecks_after, pack, f),
        },
        "selection": _selection(pack, ranked, f),
        "deferred": _deferred(pack, f),
        "next_step": _next_step(pack, f),
    }
    if language == "fr":
        context = french_spaced(context)
    context.update(dict.fromkeys(IMAGES, ""))
    if doc is not None:
        from docx.shared import Cm
        from docxtpl import InlineImage

        for name, (png, width) in pack_images(pack, language=language).items():
            context[name] = InlineImage(doc, io.BytesIO(png), width=Cm(width))
    return context


def render_pack(pack: BoardPack, path: Path, *, engagement, language: str) -> RenderResult:
    """The pack at `path` (atomically), from the engagement's templates/portfolio_pack.<language>.docx when there
    is one, else the kit's, with the engagement's branding; returns the path and the render's warnings."""
    template, label = template_path(TEMPLATE_ID, language, engagement.templates_dir)
    return render_docx(
        template,
        pack_context(pack, language=language),
        Path(path),
        language=language,
        branding=branding_for(engagement),
        images=pack_images(pack, language=language),
        template_label=label,
    )
