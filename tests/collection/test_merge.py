"""Choosing each project's return and checking every sheet, on returns built in memory (no workbook)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from governance.collection.form_layout import FIRST_FIELD_ROW, form_fields
from governance.collection.merge import merge_returns
from governance.collection.returns import FormReturn, SheetReturn

FIELDS = tuple(f.name for f in form_fields())


def sheet(project_id: str, **values) -> SheetReturn:
    identity = {
        "project_id": project_id,
        "project_name": f"Projet {project_id}",
        "tier": "Niveau 1",
        "sponsor": "S",
        "project_manager": "M",
        "period": "2026-11",
        "tier_id": "tier1",
    }
    base = {"status_date": datetime(2026, 11, 27), "bac": 1000.0, "pv": 500.0, "ev": 400.0, "ac": 450.0}
    return SheetReturn(project_id, project_id, identity, date(2026, 11, 30), {**base, **values}, set())


def form(label: str, sheets: list[SheetReturn], day: int = 27) -> FormReturn:
    received = datetime(2026, 11, day, 9, 0, tzinfo=UTC)
    return FormReturn(
        label,
        received,
        "saved in the file",
        period="2026-11",
        fields=FIELDS,
        first_field_row=FIRST_FIELD_ROW,
        value_column="C",
        sheets=sheets,
    )


def test_every_bad_sheet_is_named_even_past_the_per_check_cap():
    # 120 projects, 70 with a negative cost: more than the 50 rows one check spells out in a status file.
    sheets = [sheet(f"P{i:03d}", ac=-5.0 if i % 12 < 7 else 450.0) for i in range(120)]
    outcome = merge_returns([form("a.xlsx", sheets)], "2026-11", "Europe/Paris", "fr")
    bad = {s.project_id for s in sheets if s.values["ac"] < 0}
    assert len(bad) == 70 and set(outcome.refused_projects) == bad
    assert sorted(outcome.merged["project_id"]) == sorted({s.project_id for s in sheets} - bad)
    ac_row = FIRST_FIELD_ROW + FIELDS.index("ac")
    assert {(p.sheet, p.row, p.code) for p in outcome.refused} == {(b, ac_row, "negative") for b in bad}
    assert all(p.column.startswith("C (") and p.file == "a.xlsx" for p in outcome.refused)


def test_the_latest_valid_return_wins():
    early_bad = form("early.xlsx", [sheet("P1", ev=2000.0), sheet("P2")], day=26)
    late_good = form("late.xlsx", [sheet("P1", ev=420.0)], day=28)
    outcome = merge_returns([late_good, early_bad], "2026-11", "Europe/Paris", "en")
    assert outcome.refused == [] and sorted(outcome.merged["project_id"]) == ["P1", "P2"]
    assert outcome.merged.set_index("project_id").loc["P1", "ev"] == 420.0
    assert [(f.label, s.project_id, w.label) for f, s, w in outcome.superseded] == [("early.xlsx", "P1", "late.xlsx")]

    # A refused return newer than the valid one: the run is refused, and under --partial the valid one is kept.
    newest_bad = form("newest.xlsx", [sheet("P2", ev=2000.0)], day=29)
    outcome = merge_returns([late_good, early_bad, newest_bad], "2026-11", "Europe/Paris", "en")
    assert [p.code for p in outcome.refused] == ["ev-above-bac"] and outcome.refused_projects == []
    assert [(f.label, s.project_id) for f, s in outcome.refused_returns] == [("newest.xlsx", "P2")]
    assert sorted(outcome.merged["project_id"]) == ["P1", "P2"]
    assert outcome.merged.set_index("project_id").loc["P2", "source_form"] == "early.xlsx"

    only_bad = merge_returns([form("bad.xlsx", [sheet("P3", ac=-1.0)])], "2026-11", "Europe/Paris", "en")
    assert only_bad.refused_projects == ["P3"] and only_bad.merged.empty


def test_percentages_read_as_the_cell_shows_them():
    typed_85 = sheet("P1", percent_complete=85)
    formatted = sheet("P2", percent_complete=0.85)  # a cell formatted as %: Excel stores 0.85 for 85 %
    formatted.percent_cells.add("percent_complete")
    as_text = sheet("P3", percent_complete="85,5")
    outcome = merge_returns([form("a.xlsx", [typed_85, formatted, as_text])], "2026-11", "Europe/Paris", "fr")
    values = outcome.merged.set_index("project_id")["percent_complete"].round(6).to_dict()
    assert values == {"P1": 0.85, "P2": 0.85, "P3": 0.855}
