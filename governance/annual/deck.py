"""The annual report's committee deck: the report's context and charts as slides, on the annual_deck template.

The deck says what the Word report says, section by section, in slides a steering body reads: the year in a
few bullets, maturity from baseline to latest, the objectives over the year, the portfolio's trends, the
exceptions, the bodies' decisions and actions, the lessons, the staffing plan and the recommendations for year
two. A section whose input is missing is one slide saying so (the context's own sentence). Its words are in
data/words/annual.yaml (`deck:`). It reads no other annual module: the report's template check imports it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from governance.core.docx.branding import Branding
from governance.core.formatting import day as format_day
from governance.core.formatting import month_year
from governance.core.i18n import french_spaced, french_spacing, words
from governance.core.periods import shift_period
from governance.core.pptx import (
    Bullets,
    Cell,
    Column,
    Cover,
    DeckResult,
    Pictures,
    SlideSpec,
    Table,
    Tile,
    Tiles,
    check_deck,
    deck_template,
    render_deck,
)

TEMPLATE_ID = "annual_deck"
# What the deck template's own text may read: the review deck's names (a template made for one serves the
# other), the period being the year, and the year's own labels. Plain values only.
DECK_VARIABLES = frozenset(
    {
        "title",
        "subtitle",
        "client",
        "consultant",
        "period",
        "period_label",
        "previous_label",
        "period_end",
        "today",
        "year_label",
        "first_label",
        "last_label",
    }
)
# An objective's status as the review deck colours it (governance/review/deck.py STATUS_COLOURS, whose RAG
# colours the review keeps to itself): the same status reads the same in both decks.
GREEN, AMBER, RED, GREY = "#3A9D23", "#F0A30A", "#C00000", "#D9D9D9"
STATUS_COLOURS = {
    "achieved": GREEN,
    "on_track": GREEN,
    "at_risk": AMBER,
    "missed": RED,
    "no_value": GREY,
    "not_measured": GREY,
}
NBSP = "\u00a0"
_XML_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_XML_COLOUR = re.compile(r'<w:color w:val="([0-9A-Fa-f]{6})"')


def deck_words(language: str) -> dict[str, Any]:
    """The deck's words (annual.yaml `deck:`) in `language`."""
    d = words("annual", language)["deck"]
    return french_spaced(d) if language == "fr" else d


def _value_at(text: str) -> str:
    """The report's "92 %\\n(octobre 2026)" in one cell: a run holds no line break, so the month is kept whole
    (no-break spaces) and wraps under the value in a narrow column."""
    value, _, month = text.partition("\n")
    return f"{value} {month.replace(' ', NBSP)}" if month else value


def _missing(title: str, sentence: str) -> Table:
    """The one slide of a section whose input is missing: its title and the report's sentence saying what."""
    return Table(title, [], [], empty=sentence)


def _note(*texts: str) -> str:
    return " ".join(t for t in texts if t)


def _cover(context: dict, d: dict, language: str) -> Cover:
    return Cover(
        d["title"],
        d["subtitle"].format(client=context["client"], year=context["year_label"]),
        d["prepared"].format(consultant=context["consultant"], today=format_day(context["today"], language)),
    )


def _summary(context: dict, d: dict) -> Bullets:
    """The year in a few bullets; with nothing stored, what the report did not find."""
    if context["summary"]:
        return Bullets(d["summary"], list(context["summary"]), continued=d["continued"])
    return Bullets(d["missing"], list(context["missing"]), continued=d["continued"])


# ------------------------------------------------------------------------------------------- 1. maturity


def _maturity(context: dict, images: dict, d: dict) -> list[SlideSpec]:
    m = context["maturity"]
    if not m["ok"]:
        return [_missing(d["maturity"], m["missing"])]
    c = d["column"]
    slides: list[SlideSpec] = []
    if "radar" in images:
        slides.append(Pictures(d["maturity"], [images["radar"][0]], note=m["overall"]))
    if m["compared"]:
        columns = [
            Column(c["dimension"], 3.6),
            Column(m["start_label"], 2.2, "right"),
            Column(m["latest_label"], 2.2, "right"),
            Column(c["change"], 1.4, "right"),
            Column(c["target"], 1.1, "right"),
            Column(c["gap"], 1.5, "right"),
        ]
        rows = [[r["name"], r["start"], r["latest"], r["change"], r["target"], r["gap"]] for r in m["rows"]]
    else:
        columns = [
            Column(c["dimension"], 3.6),
            Column(m["latest_label"], 2.2, "right"),
            Column(c["target"], 1.1, "right"),
            Column(c["gap"], 1.5, "right"),
        ]
        rows = [[r["name"], r["latest"], r["target"], r["gap"]] for r in m["rows"]]
    slides.append(
        Table(
            d["maturity_table"],
            columns,
            rows,
            continued=d["continued"],
            max_rows=12,
            note=_note(m["intro"], m["note"]),
        )
    )
    return slides


# ------------------------------------------------------------------------------------------- 2. scorecard


def _status_cell(status: str, keys: dict[str, str]) -> Cell:
    return Cell(status, STATUS_COLOURS.get(keys.get(status, ""), GREY), bold=True)


def _mark_cell(mark: Any) -> Cell:
    """A month of the grid from the report's coloured mark (a docxtpl RichText): its symbol on its colour."""
    xml = getattr(mark, "xml", "")
    symbol = html.unescape("".join(_XML_TEXT.findall(xml))).strip()
    colour = _XML_COLOUR.search(xml)
    return Cell(symbol, f"#{colour.group(1).upper()}" if colour else GREY, bold=True)


def _scorecard(context: dict, d: dict, language: str) -> list[SlideSpec]:
    s = context["scorecard"]
    if not s["ok"]:
        return [_missing(d["scorecard"], s["missing"])]
    c = d["column"]
    statuses = words("review", language)["objective_status"]
    keys = {(french_spacing(w) if language == "fr" else w): k for k, w in statuses.items()}
    slides: list[SlideSpec] = [
        Table(
            d["scorecard"],
            [
                Column(c["number"], 0.6, "center"),
                Column(c["objective"], 2.8),
                Column(c["measure"], 2.0),
                Column(c["target"], 1.1, "right"),
                Column(c["start"], 1.9, "right"),
                Column(c["end"], 1.9, "right"),
                Column(c["status"], 1.7),
                Column(c["due"], 1.3, "center"),
            ],
            [
                [
                    str(o["number"]),
                    o["text"],
                    o["measure"],
                    o["target"],
                    _value_at(o["start"]),
                    _value_at(o["end"]),
                    _status_cell(o["status"], keys),
                    o["due"],
                ]
                for o in s["rows"]
            ],
            continued=d["continued"],
            max_rows=8,
            note=s["note"],
        )
    ]
    if s["grid"]:
        slides.append(
            Table(
                d["scorecard_grid"],
                [Column(c["number"], 1.0, "center")]
                + [Column(m.replace("\n", "/"), 1.2, "center") for m in s["months"]],
                [[str(o["number"]), *(_mark_cell(mark) for mark in o["marks"])] for o in s["grid"]],
                continued=d["continued"],
                max_rows=10,
                note=s["legend"],
            )
        )
    return slides


# ------------------------------------------------------------------------------------------- 3. trends


def _trends(context: dict, images: dict, d: dict) -> list[SlideSpec]:
    t = context["trends"]
    if not t["ok"]:
        return [_missing(d["trends"], t["missing"])]
    pictures = [images[name][0] for name in ("rag_trend", "kpi_trend", "index_trend") if name in images]
    return [Pictures(d["trends"], pictures, note=_note(t["intro"], t["note"]))]


# ------------------------------------------------------------------------------------------- 4. exceptions


def _stat_table(title: str, first: str, rows: list[dict], total: dict, d: dict) -> Table:
    c = d["column"]
    cells = ("raised", "resolved", "open", "mean", "median")
    return Table(
        title,
        [
            Column(first, 3.6),
            Column(c["raised"], 1.3, "right"),
            Column(c["resolved"], 1.3, "right"),
            Column(c["still_open"], 1.4, "right"),
            Column(c["mean"], 1.6, "right"),
            Column(c["median"], 1.6, "right"),
        ],
        [[r["name"], *(r[k] for k in cells)] for r in rows]
        + [[Cell(total["name"], bold=True), *(Cell(total[k], bold=True) for k in cells)]],
        continued=d["continued"],
        max_rows=10,
    )


def _exceptions(context: dict, d: dict) -> list[SlideSpec]:
    e = context["exceptions"]
    if not e["ok"]:
        return [_missing(d["exceptions"], e["missing"])]
    if not e["any"]:
        return [_missing(d["exceptions"], e["none"])]
    t, c, total = d["tile"], d["column"], e["total"]
    months = t["months"]
    tiles = [
        Tile(t["raised"], total["raised"]),
        Tile(t["resolved"], total["resolved"], fill=GREEN if total["resolved"] != "0" else None),
        Tile(t["open"].format(last=context["last_label"]), total["open"], fill=RED if total["open"] != "0" else None),
        Tile(t["mean"], months.format(n=total["mean"])),
        Tile(t["median"], months.format(n=total["median"])),
    ]
    slides: list[SlideSpec] = [
        Tiles(d["exceptions"], tiles, columns=5, note=e["totals"]),
        _stat_table(d["exceptions_dimension"], c["dimension"], e["by_dimension"], total, d),
        _stat_table(d["exceptions_body"], c["body"], e["by_body"], total, d),
    ]
    if e["longest"]:
        slides.append(
            Table(
                d["exceptions_longest"],
                [
                    Column(c["project"], 4.4),
                    Column(c["dimension"], 1.8),
                    Column(c["body"], 3.0),
                    Column(c["since"], 2.2),
                    Column(c["months"], 1.0, "right"),
                ],
                [[r["project"], r["dimension"], r["body"], r["since"], r["months"]] for r in e["longest"]],
                continued=d["continued"],
                max_rows=10,
            )
        )
    return slides


# ------------------------------------------------------------------------------------------- 5. decisions


def _decisions(context: dict, d: dict) -> list[SlideSpec]:
    a = context["decisions"]
    if not a["ok"]:
        return [_missing(d["decisions"], a["missing"])]
    t, c, total = d["tile"], d["column"], a["total"]
    last = context["last_label"]
    tiles = [
        Tile(t["decisions"], total["decisions"]),
        Tile(t["opened"], total["opened"]),
        Tile(t["closed"], total["closed"], fill=GREEN if total["closed"] != "0" else None),
        Tile(t["dropped"], total["dropped"]),
        Tile(t["open_actions"].format(last=last), total["open"]),
        Tile(t["overdue"], total["overdue"], fill=RED if total["overdue"] != "0" else None),
    ]
    counts = ("decisions", "opened", "closed", "dropped", "open", "overdue")
    by_body = Table(
        d["decisions_body"],
        [Column(c["body"], 3.6)] + [Column(c[k], 1.5, "right") for k in counts],
        [[b["body"], *(b[k] for k in counts)] for b in a["bodies"]]
        + [[Cell(total["body"], bold=True), *(Cell(total[k], bold=True) for k in counts)]],
        continued=d["continued"],
        max_rows=10,
    )
    actions = Table(
        d["actions_open"].format(last=last),
        [
            Column(c["body"], 2.6),
            Column(c["action"], 4.8),
            Column(c["owner"], 2.0),
            Column(c["due"], 1.3, "center"),
            Column(c["late"], 2.0),
        ],
        [
            [
                r["body"],
                d["action"].format(project=r["project"], action=r["action"]),
                r["owner"],
                Cell(r["due"], colour=RED, bold=True) if r["late"] else r["due"],
                Cell(r["late"], colour=RED, bold=True) if r["late"] else "",
            ]
            for r in a["open_actions"]
        ],
        continued=d["continued"],
        max_rows=10,
        note=d["open_more"].format(n=a["open_more"]) if a["open_more"] else "",
        empty=d["no_open_action"].format(last=last),
    )
    return [Tiles(d["decisions"], tiles, columns=3, note=a["totals"]), by_body, actions]


# ------------------------------------------------------------------------------------------- 6 to 8


def _lessons(context: dict, d: dict) -> SlideSpec:
    lessons = context["lessons"]
    if not lessons["ok"]:
        return _missing(d["lessons"], lessons["missing"])
    c = d["column"]
    return Table(
        d["lessons"],
        [Column(c["category"], 5.0), Column(c["lessons"], 1.6, "right")],
        [[r["category"], r["count"]] for r in lessons["categories"]],
        continued=d["continued"],
        max_rows=12,
        note=lessons["totals"],
    )


def _staffing(context: dict, d: dict) -> SlideSpec:
    s = context["staffing"]
    if not s["ok"]:
        return _missing(d["staffing"], s["missing"])
    c = d["column"]
    total = s["total"]
    return Table(
        d["staffing"],
        [
            Column(c["role"], 3.2),
            Column(c["plan"], 1.4, "right"),
            Column(c["team"], 1.4, "right"),
            Column(c["difference"], 1.6, "right"),  # "Difference" whole at the table's largest size
            Column(c["staffing_action"], 2.2),
            Column(c["people"], 2.8),
        ],
        [[r["role"], r["target"], r["current"], r["difference"], r["action"], r["people"]] for r in s["rows"]]
        + [[Cell(total[k], bold=True) for k in ("role", "target", "current", "difference")] + ["", ""]],
        continued=d["continued"],
        max_rows=10,
        note=_note(d["staffing_note"], *s["notes"]),
    )


def _recommendations(context: dict, d: dict) -> list[SlideSpec]:
    """The maturity steps (or what is missing to draw them), then the objectives and actions to revisit."""
    r = context["recommendations"]
    if not r["assessed"]:
        slides: list[SlideSpec] = [_missing(d["recommendations_maturity"], r["missing"])]
    else:
        steps = [d["step"].format(title=s["title"], heading=s["heading"]) for s in r["steps"]]
        steps = [i for i in [*steps, r["all_reached"]] if i]
        slides = [Bullets(d["recommendations_maturity"], steps, continued=d["continued"], note=r["intro"])]
    others = [i for i in [*r["objectives"], r["overdue"], r["nothing"]] if i]
    if others:  # nothing measured nor recorded: the sections above already say what is missing
        slides.append(Bullets(d["recommendations_objectives"], others, continued=d["continued"]))
    return slides


def deck_slides(context: dict[str, Any], images: dict[str, tuple[bytes, float]], *, language: str) -> list[SlideSpec]:
    """The annual deck's slides from the report's context (annual_context) and charts ("radar" and the three
    trends, when the report has them)."""
    d = deck_words(language)
    return [
        _cover(context, d, language),
        _summary(context, d),
        *_maturity(context, images, d),
        *_scorecard(context, d, language),
        *_trends(context, images, d),
        *_exceptions(context, d),
        *_decisions(context, d),
        _lessons(context, d),
        _staffing(context, d),
        *_recommendations(context, d),
    ]


def deck_context(context: dict[str, Any], language: str, period: str) -> dict[str, Any]:
    """What the deck template's own text reads (DECK_VARIABLES), from the report's context; `period`: the year's
    last month (YYYY-MM)."""
    d = deck_words(language)
    year = words("annual", language)["year"]
    before = shift_period(period, -12)
    previous = year.format(first=month_year(shift_period(before, -11), language), last=month_year(before, language))
    return {
        "title": d["title"],
        "subtitle": d["subtitle"].format(client=context["client"], year=context["year_label"]),
        "client": context["client"],
        "consultant": context["consultant"],
        "period": period,
        "period_label": context["year_label"],
        "previous_label": previous,
        "period_end": context["period_end"],
        "today": context["today"],
        "year_label": context["year_label"],
        "first_label": context["first_label"],
        "last_label": context["last_label"],
    }


def deck_name(language: str, last: str) -> str:
    """The deck's file name: the Word report's, as .pptx."""
    return f"{words('annual', language)['output']['stem']}-{last}.pptx"


def check_annual_deck(language: str, overrides_dir: Path | None) -> None:
    """Refuse a missing or unsafe deck template before anything is read (InputError naming it)."""
    check_deck(TEMPLATE_ID, language, overrides_dir, DECK_VARIABLES)


def render_annual_deck(
    context: dict[str, Any],
    images: dict[str, tuple[bytes, float]],
    target: Path,
    *,
    period: str,
    language: str,
    branding: Branding,
    overrides_dir: Path | None,
) -> DeckResult:
    """The annual deck written to `target` (atomically), from the report's context and charts."""
    template, label = deck_template(TEMPLATE_ID, language, overrides_dir)
    return render_deck(
        template,
        deck_slides(context, images, language=language),
        target,
        context=deck_context(context, language, period),
        branding=branding,
        language=language,
        template_label=label,
        title=words("annual", language)["output"]["title"].format(client=context["client"]),
        author=context.get("consultant") or "",
    )
