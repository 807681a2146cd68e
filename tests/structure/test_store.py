"""Versions read back from the store: a changed model adds a version, an unchanged one does not."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, inspect, select

from governance.core.store import open_store, transaction
from governance.example.governance import valmont_governance
from governance.structure.model import content_hash, governance_dict, parse_governance
from governance.structure.store import GovernanceVersion, all_versions, latest_version, list_versions, save_version


@pytest.fixture
def engine(database_url):
    engine = open_store(database_url)
    yield engine
    engine.dispose()


def save(engine, model, who="Claire"):
    with transaction(engine) as session:
        return save_version(session=session, engagement="acme", model=model, stored_by=who)


def count(engine) -> int:
    with transaction(engine) as session:
        return session.execute(select(func.count()).select_from(GovernanceVersion)).scalar_one()


def test_same_model_twice_is_one_version(engine):
    model = governance_dict(parse_governance(valmont_governance()))
    first = save(engine, model)
    again = save(engine, copy.deepcopy(model), who="Someone else")
    assert (first.version, first.created) == (1, True) and (again.version, again.created) == (1, False)
    assert count(engine) == 1 and again.stored_by == "Claire" and again.content_hash == content_hash(model)


def test_a_change_is_a_new_version_with_who_and_when(engine):
    model = governance_dict(parse_governance(valmont_governance()))
    save(engine, model)
    changed = copy.deepcopy(model)
    changed["tiers"][0]["tolerances"]["cost"]["red"] = 0.15
    second = save(engine, changed, who="Paul")
    assert (second.version, second.created) == (2, True)
    back = save(engine, model)  # going back to the first model is a change too
    assert back.version == 3 and back.content_hash == content_hash(model)
    with transaction(engine) as session:
        listed = list_versions(session=session, engagement="acme")
        stored = all_versions(session=session, engagement="acme")
        latest = latest_version(session=session, engagement="acme")
        assert latest_version(session=session, engagement="other") is None
    assert [(v, who) for v, _, who, _ in listed] == [(1, "Claire"), (2, "Paul"), (3, "Claire")]
    assert stored[1].model["tiers"][0]["tolerances"]["cost"]["red"] == 0.15 and latest.version == 3
    assert all(when is not None for *_, when in listed)


def test_migration_creates_the_versions_table(engine):
    columns = {c["name"] for c in inspect(engine).get_columns("governance_version")}
    assert columns == {"id", "engagement", "version", "content_hash", "model_json", "stored_by", "stored_at"}


def test_raci_workbook_is_formula_safe(tmp_path):
    """Text a client typed (here a role name) never becomes a live formula; the kit's own check column does."""
    from openpyxl import load_workbook

    from governance.structure.raci import write_raci_xlsx

    data = valmont_governance()
    data["roles"][0]["name"] = {"fr": '=HYPERLINK("http://x")', "en": "@evil"}
    model = parse_governance(data)
    target = write_raci_xlsx(model, "fr", tmp_path / "raci.xlsx", client="+Acme")
    sheet = load_workbook(target)["RACI"]
    header = [c.value for c in sheet[5]]
    assert '\'=HYPERLINK("http://x")' in header and sheet["A1"].value == "Matrice RACI — +Acme"
    assert sheet.cell(row=6, column=len(header)).value == '=COUNTIF(C6:M6,"A")'
