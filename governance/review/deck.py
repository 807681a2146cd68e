"""The monthly review's committee deck: the pack's context and charts as slides, on the review_deck template.

The deck says what the Word pack says, in slides a steering body reads: the headline figures and the PMO
scorecard, the heat map and trends, the decisions each body must take, the exceptions, the actions (when
given) and one slide per project needing attention. Its words are in data/words/review.yaml (`deck:`).
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

from governance.core.docx.branding import Branding
from governance.core.formatting import day as format_day
from governance.core.pptx import (
    Block,
    Bullets,
    Cell,
    Column,
    Cover,
    DeckResult,
    Detail,
    Pictures,
    Points,
    SlideSpec,
    Table,
    Tile,
    Tiles,
    check_deck,
    deck_template,
    render_deck,
)
from governance.review.charts import RAG_COLOURS
from governance.review.wording import RAG_NAMES, vocabulary

TEMPLATE_ID = "review_deck"
# What the deck template's own text may read (its cover, footer and document properties): plain values only.
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
    }
)
# An objective's status as a RAG colour: met or on track green, at risk amber, missed red, else grey.
STATUS_COLOURS = {
    "achieved": RAG_COLOURS[0],
    "on_track": RAG_COLOURS[0],
    "at_risk": RAG_COLOURS[1],
    "missed": RAG_COLOURS[2],
    "no_value": RAG_COLOURS[None],
    "not_measured": RAG_COLOURS[None],
}
ACTION_KINDS = ("open", "overdue", "closed")
_XML_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def rag_cell(mark: Any, language: str) -> Cell:
    """A RAG as a coloured cell with its word: from the pack's coloured mark (a docxtpl RichText), the word
    itself, or a code (0, 1, 2; None for not assessed)."""
    names = {word: code for code, name in RAG_NAMES.items() for word in [vocabulary(language)["rag"][name]]}
    if isinstance(mark, str):
        word = mark
    elif hasattr(mark, "xml"):  # the pack's mark: "● " then the word, in Word runs
        word = html.unescape("".join(_XML_TEXT.findall(mark.xml))).replace("●", "").strip()
    else:
        code = None if mark is None or math.isnan(mark) else int(mark)  # NaN: not assessed
        word = vocabulary(language)["rag"][RAG_NAMES.get(code)]
    code = names.get(word)
    return Cell(word, RAG_COLOURS.get(code, RAG_COLOURS[None]), bold=code is not None)


def _status_cell(row: dict, language: str) -> Cell:
    keys = {word: key for key, word in vocabulary(language)["objective_status"].items()}
    text = row["status"] + (f" ({row['trend']})" if row.get("trend") else "")
    return Cell(text, STATUS_COLOURS.get(keys.get(row["status"]), RAG_COLOURS[None]), bold=True)


def _cover(context: dict, d: dict, language: str) -> Cover:
    return Cover(
        d["title"],
        d["subtitle"].format(client=context["client"], period=context["period_label"]),
        d["prepared"].format(consultant=context["consultant"], today=format_day(context["today"], language)),
    )


def _kpis(context: dict, d: dict) -> Tiles:
    previous = context.get("previous_label")
    tiles = [
        Tile(r["label"], r["value"], d["previous"].format(period=previous, value=r["previous"]) if previous else "")
        for r in context["kpis"]
    ]
    return Tiles(d["kpis"], tiles, continued=d["continued"])


def _scorecard(context: dict, d: dict, language: str) -> Table:
    c = d["column"]
    return Table(
        d["scorecard"],
        [
            Column(c["objective"], 3.2),
            Column(c["measure"], 2.4),
            Column(c["this_month"], 1.2, "right"),
            Column(c["target"], 1.1, "right"),
            Column(c["status"], 2.0),
            Column(c["due"], 1.4, "center"),
        ],
        [
            [o["text"], o["measure"], o["value"], o["target"], _status_cell(o, language), o["due"]]
            for o in context["objectives"]
        ],
        continued=d["continued"],
        max_rows=8,
        empty=d["no_objectives"],
    )


def _charts(context: dict, images: dict[str, tuple[bytes, float]], d: dict) -> list[SlideSpec]:
    slides: list[SlideSpec] = []
    if "heatmap" in images:
        slides.append(Pictures(d["heatmap"], [images["heatmap"][0]], note=context.get("heatmap_note", "")))
    trends = [images[name][0] for name in ("rag_trend", "kpi_trend", "index_trend") if name in images]
    if trends:
        slides.append(Pictures(d["trends"], trends))
    return slides


def _decisions(context: dict, d: dict) -> list[SlideSpec]:
    c = d["column"]
    columns = [Column(c["project"], 3.0), Column(c["dimensions"], 1.8), Column(c["decision"], 5.0)]
    if not context["bodies"]:
        return [Table(d["decisions_none"], columns, [], empty=d["no_decision"])]
    return [
        Table(
            d["decisions"].format(body=body["body"]),
            columns,
            [[f"{p['project_id']} — {p['project_name']}", p["dimensions"], p["decision"]] for p in body["projects"]],
            continued=d["continued"],
            max_rows=8,
            note=d["more_projects"].format(n=body["more"]) if body.get("more") else "",
        )
        for body in context["bodies"]
    ]


def _exceptions(context: dict, d: dict) -> Table:
    c = d["column"]
    red = RAG_COLOURS[2]
    return Table(
        d["exceptions"],
        [
            Column(c["project"], 2.6),
            Column(c["dimension"], 1.4),
            Column(c["deviation"], 1.0, "right"),
            Column(c["red"], 1.0, "right"),
            Column(c["streak"], 1.1),
            Column(c["body"], 2.0),
            Column(c["decision"], 3.4),
        ],
        [
            [
                e["project"],
                e["dimension"],
                Cell(e["deviation"], colour=red, bold=True),
                e["threshold"],
                e["streak"],
                e["body"],
                e["decision"],
            ]
            for e in context["exceptions"]
        ],
        continued=d["continued"],
        max_rows=8,
        note=d["more_exceptions"].format(n=context["exceptions_more"]) if context.get("exceptions_more") else "",
        empty=d["no_exceptions"],
    )


def _actions(actions: dict, d: dict) -> list[Table]:
    c = d["column"]
    columns = [
        Column(c["action"], 3.6),
        Column(c["owner"], 1.5),
        Column(c["due"], 1.0, "center"),
        Column(c["body"], 1.8),
        Column(c["project"], 1.8),
        Column(c["status"], 1.2),
    ]
    red = RAG_COLOURS[2]
    slides = []
    for kind in ACTION_KINDS:
        late = kind == "overdue"
        rows = [
            [
                a.get("action", ""),
                a.get("owner", ""),
                Cell(a.get("due", ""), colour=red, bold=True) if late else a.get("due", ""),
                a.get("body", ""),
                a.get("project", ""),
                a.get("status", ""),
            ]
            for a in actions.get(kind) or []
        ]
        slides.append(
            Table(d[f"actions_{kind}"], columns, rows, continued=d["continued"], max_rows=10, empty=d["no_actions"])
        )
    return slides


def _project(page: dict, d: dict, language: str, note: str = "") -> Detail:
    p = d["project"]
    c = d["column"]
    trend = page["trend"] + (f" — {page['streak']}" if page.get("streak") else "")
    declared = p["disagrees"].format(declared=page["self_rag"]) if page.get("disagrees") else page["self_rag"]
    facts = [
        [p["tier"], page["tier"]],
        [p["sponsor"], page["sponsor"]],
        [p["manager"], page["manager"]],
        [p["status_date"], page["status_date"]],
        [p["overall"], rag_cell(page["overall"], language)],
        [p["trend"], trend],
        [p["self_rag"], declared],
        [
            p["end"],
            p["dates"].format(baseline=page["baseline_end"], forecast=page["forecast_end"], slip=page["end_slip"]),
        ],
        [
            p["milestone"],
            p["next_milestone"].format(
                name=page["milestone"], forecast=page["milestone_forecast"], slip=page["milestone_slip"]
            ),
        ],
        [
            p["risks"],
            p["counts"].format(risks=page["open_risks"], issues=page["open_issues"], exposure=page["risk_exposure"]),
        ],
    ]
    dims = Block(
        p["dims"],
        [[x["name"], x["deviation"], x["amber"], x["red"], rag_cell(x["mark"], language)] for x in page["dims"]],
        [
            Column(c["dimension"], 1.4),
            Column(c["deviation"], 1.0, "right"),
            Column(c["amber"], 1.0, "right"),
            Column(c["red"], 1.0, "right"),
            Column(c["rag"], 1.1, "center"),
        ],
    )
    evm = Block(
        p["evm"],
        [[e["l1"], e["v1"], Cell(e["l2"], bold=True), e["v2"]] for e in page["evm"]],
        [Column("", 1.2), Column("", 1.0, "right"), Column("", 1.2), Column("", 1.0, "right")],
        labels=True,
    )
    left: list[Block | Points] = [Block(p["overview"], facts, labels=True)]
    decisions = [p["decision"].format(**e) for e in page["exceptions"]]
    if decisions:
        left.append(Points(p["decisions"], decisions))
    if page.get("flags"):
        left.append(Points(p["flags"], list(page["flags"])))
    return Detail(f"{page['id']} — {page['name']}", left, [dims, evm], note=note)


def deck_slides(
    context: dict[str, Any],
    images: dict[str, tuple[bytes, float]],
    *,
    language: str,
    actions: dict[str, list[dict]] | None = None,
    extra: list[SlideSpec] = (),
) -> list[SlideSpec]:
    """The review deck's slides from the pack's context (pack_context) and charts (pack_images). `actions`: the
    bodies' actions, "open", "overdue" and "closed" (since last month), each a list of dicts of formatted
    strings (action, owner, due, body, project, status); without it the deck has no action slides. `extra`: other
    capabilities' slides for the committee (the portfolio's proposal), before the projects' pages."""
    d = vocabulary(language)["deck"]
    slides: list[SlideSpec] = [_cover(context, d, language)]
    if context.get("summary"):
        slides.append(Bullets(d["summary"], list(context["summary"]), continued=d["continued"]))
    slides.append(_kpis(context, d))
    slides.append(_scorecard(context, d, language))
    slides += _charts(context, images, d)
    slides += _decisions(context, d)
    slides.append(_exceptions(context, d))
    if actions is not None:
        slides += _actions(actions, d)
    slides += list(extra)
    pages = context.get("projects") or []
    more = context.get("attention_more") or 0
    for index, page in enumerate(pages):
        note = d["attention_more"].format(shown=len(pages), more=more) if more and index == 0 else ""
        slides.append(_project(page, d, language, note))
    return slides


def deck_context(context: dict[str, Any], language: str) -> dict[str, Any]:
    """What the deck template's own text reads (DECK_VARIABLES), from the pack's context."""
    d = vocabulary(language)["deck"]
    values = {name: context.get(name, "") for name in DECK_VARIABLES - {"title", "subtitle"}}
    values["title"] = d["title"]
    values["subtitle"] = d["subtitle"].format(client=context["client"], period=context["period_label"])
    return values


def deck_name(language: str, period: str) -> str:
    """The deck's file name: the pack's, as .pptx."""
    return f"{vocabulary(language)['output']['stem']}-{period}.pptx"


def check_review_deck(language: str, overrides_dir: Path | None) -> None:
    """Refuse a missing or unsafe deck template before anything is stored (InputError naming it)."""
    check_deck(TEMPLATE_ID, language, overrides_dir, DECK_VARIABLES)


def render_review_deck(
    context: dict[str, Any],
    images: dict[str, tuple[bytes, float]],
    target: Path,
    *,
    language: str,
    branding: Branding,
    overrides_dir: Path | None,
    actions: dict[str, list[dict]] | None = None,
    extra: list[SlideSpec] = (),
) -> DeckResult:
    """The review deck written to `target` (atomically), from the pack's context and charts."""
    template, label = deck_template(TEMPLATE_ID, language, overrides_dir)
    title = vocabulary(language)["output"]["title"].format(period=context["period"], client=context["client"])
    return render_deck(
        template,
        deck_slides(context, images, language=language, actions=actions, extra=extra),
        target,
        context=deck_context(context, language),
        branding=branding,
        language=language,
        template_label=label,
        title=title,
        author=context.get("consultant") or "",
    )
