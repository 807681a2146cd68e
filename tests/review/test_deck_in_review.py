"""The committee deck as `pmo review` writes it: beside the pack, from the engagement's own deck template when it
has one, and a broken or unsafe override refused before anything is stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pptx import Presentation
from typer.testing import CliRunner

from flows.cli import app
from governance.core.docx.template_source import default_templates_dir
from support import deck_text
from support.state import state_of

runner = CliRunner()


def slide_texts(path: str | Path) -> list[tuple[str, str]]:
    """(title, all its text) of every slide."""
    result = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        parts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        parts += [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]
        result.append((title, "\n".join(parts)))
    return result


def override(engagement: Path, text: str) -> Path:
    """The default French deck template with `text` as its first slide's subtitle, in templates/."""
    deck = Presentation(str(default_templates_dir() / "review_deck.fr.pptx"))
    shapes = [s for s in deck.slides[0].shapes if s.has_text_frame]
    shapes[-1].text_frame.text = text
    target = engagement / "templates" / "review_deck.fr.pptx"
    target.parent.mkdir(exist_ok=True)
    deck.save(str(target))
    return target


def test_the_deck_carries_the_scorecard_the_exceptions_and_the_actions(example):
    assert runner.invoke(app, ["decisions", "import", str(example)], catch_exceptions=False).exit_code == 0
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--all", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    text = deck_text(payload["deck"])
    [on_time] = [o for o in payload["objectives"] if o["metric"] == "reporting_on_time"]
    assert f"{round(on_time['value'] * 100)}\u00a0%" in text or f"{round(on_time['value'] * 100)} %" in text
    for e in payload["exceptions"]:
        assert e["project_id"] in text
    assert "Objectifs du PMO" in text
    slides = slide_texts(payload["deck"])
    overdue = next(t for title, t in slides if title.startswith("Actions en retard"))
    closed = next(t for title, t in slides if title.startswith("Actions clôturées"))
    # Overdue at the end of October (due the 15th); the audit, due on the 31st, is open but not yet late.
    assert "Renforcer l'équipe de deux développeurs" in overdue and "Auditer les engagements" not in overdue
    assert "Présenter un plan de réduction des coûts de 10 %" in closed  # closed on 24 October
    assert "Renforcer l'équipe" not in closed


def test_an_override_deck_template_is_used(example):
    override(example, "{{ client }} — CONFIDENTIEL COMITÉ")
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10", "--json"])
    assert result.exit_code == 0, result.output
    assert "Groupe Valmont Logistique — CONFIDENTIEL COMITÉ" in deck_text(json.loads(result.stdout)["deck"])


def test_an_unsafe_override_is_refused_and_nothing_is_stored(example):
    override(example, "{{ lipsum.__globals__ }}")
    before = state_of(example)
    result = runner.invoke(app, ["review", str(example), "--period", "2026-10"])
    assert result.exit_code == 2, result.output
    assert "templates/review_deck.fr.pptx" in result.output and "Traceback" not in result.output
    assert state_of(example) == before
    shutil.rmtree(example / "templates")
