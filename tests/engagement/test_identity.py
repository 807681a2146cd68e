"""Engagement identity: the id in pmo.yaml keys the store; copies, moves, renames and old stores."""

from __future__ import annotations

import re
import shutil

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from flows.cli import app
from governance.core.problems import InputError
from governance.core.store import make_engine, open_store, transaction
from governance.engagement.config import load_engagement
from governance.engagement.identity import claim_engagement, engagement_store
from governance.structure.store import all_versions, save_version
from support.state import state_of

runner = CliRunner()
CONFIG = "# Acme's PMO\nclient:\n  name: Acme Corp\nlanguage: en\n"


def folder_with(tmp_path, name: str, config: str = CONFIG):
    root = tmp_path / name
    root.mkdir()
    (root / "pmo.yaml").write_text(config, encoding="utf-8")
    return root


def give_id(root, *options: str) -> str:
    result = runner.invoke(app, ["id", str(root), "--json", *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_pmo_id_writes_one_line_and_keeps_the_rest(tmp_path):
    root = folder_with(tmp_path, "acme")
    give_id(root)
    text_after = (root / "pmo.yaml").read_text(encoding="utf-8")
    first, second, *rest = text_after.splitlines()
    assert first == "# Acme's PMO" and re.fullmatch(r"engagement_id: acme-corp-[0-9a-f]{8}", second)
    assert "\n".join(rest) + "\n" == CONFIG.split("\n", 1)[1]
    engagement_id = load_engagement(root).id
    give_id(root)  # asked again: the same id, the file untouched
    assert load_engagement(root).id == engagement_id
    give_id(root, "--new")
    assert load_engagement(root).id != engagement_id


def test_without_an_id_a_run_is_refused_with_the_way_out(tmp_path):
    """An engagement folder from before ids: the run stops before the store or out/ is touched."""
    root = tmp_path / "acme"
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    config = (root / "pmo.yaml").read_text(encoding="utf-8")
    (root / "pmo.yaml").write_text(re.sub(r"engagement_id: .*\n", "", config), encoding="utf-8")
    before = state_of(root)
    result = runner.invoke(app, ["governance", "setup", str(root)])
    assert result.exit_code == 2
    assert (
        "pmo.yaml: engagement_id: is missing; expected the stable id" in result.stderr
        and f"pmo id {root}" in result.stderr
    )
    assert state_of(root) == before and not (root / "pmo.db").exists()


@pytest.mark.parametrize("value", ["Acme", "a", "-acme", "acme_corp", "x" * 65])
def test_an_id_of_the_wrong_shape_is_refused(tmp_path, value):
    root = folder_with(tmp_path, "acme", f"engagement_id: {value!r}\n" + CONFIG)
    with pytest.raises(InputError) as error:
        load_engagement(root)
    assert "engagement_id" in str(error.value) and "lower-case letters, digits and dashes" in str(error.value)


def test_init_gives_every_new_engagement_its_own_id(tmp_path):
    ids = set()
    for name in ("one", "two"):
        assert runner.invoke(app, ["init", str(tmp_path / name)]).exit_code == 0
        ids.add(load_engagement(tmp_path / name).id)
    assert len(ids) == 2


def store_one_version(engagement, url: str) -> None:
    with engagement_store(engagement, "governance") as engine, transaction(engine) as session:
        save_version(session=session, engagement=engagement.id, model={"bodies": []}, stored_by="test")


def test_a_copied_folder_is_refused_naming_both_folders(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("PMO_DATABASE_URL", database_url)
    original = folder_with(tmp_path, "acme")
    give_id(original)
    store_one_version(load_engagement(original), database_url)
    copy = tmp_path / "acme-copy"
    shutil.copytree(original, copy)
    with pytest.raises(InputError) as error:
        store_one_version(load_engagement(copy), database_url)
    message = str(error.value)
    assert str(original.resolve()) in message and str(copy.resolve()) in message and "--new" in message
    give_id(copy, "--new")  # the way out the message names: the copy becomes an engagement of its own
    store_one_version(load_engagement(copy), database_url)
    engine = open_store(database_url)
    with transaction(engine) as session:
        assert len(all_versions(session=session, engagement=load_engagement(original).id)) == 1
        assert len(all_versions(session=session, engagement=load_engagement(copy).id)) == 1
    engine.dispose()


def test_a_moved_or_renamed_engagement_keeps_its_history(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("PMO_DATABASE_URL", database_url)
    root = folder_with(tmp_path, "acme")
    give_id(root)
    store_one_version(load_engagement(root), database_url)
    moved = tmp_path / "clients" / "acme"
    moved.parent.mkdir()
    root.rename(moved)
    config = (moved / "pmo.yaml").read_text(encoding="utf-8").replace("Acme Corp", "Acme Group")
    (moved / "pmo.yaml").write_text(config, encoding="utf-8")
    engagement = load_engagement(moved)
    with engagement_store(engagement, "governance") as engine, transaction(engine) as session:
        save_version(session=session, engagement=engagement.id, model={"bodies": [1]}, stored_by="test")
        assert len(all_versions(session=session, engagement=engagement.id)) == 2
    engine = open_store(database_url)
    with engine.connect() as connection:
        folder, client = connection.execute(text("SELECT folder, client_name FROM engagement_record")).one()
    engine.dispose()
    assert (folder, client) == (str(moved.resolve()), "Acme Group")


def test_rows_keyed_by_the_client_name_are_adopted_after_the_migration(tmp_path, database_url, monkeypatch):
    """A store of the previous release (revision 0004, rows keyed by the client name's slug) upgrades with no
    row lost; the engagement that first runs under an id adopts its client's rows, and only those."""
    from alembic import command
    from alembic.config import Config

    from governance.core.paths import MIGRATIONS_DIR

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    with transaction(engine) as session:
        save_version(session=session, engagement="acme-corp", model={"v": 1}, stored_by="old release")
        save_version(session=session, engagement="acme-corp", model={"v": 2}, stored_by="old release")
        save_version(session=session, engagement="other-client", model={"v": 1}, stored_by="old release")
    engine.dispose()

    engine = open_store(database_url)  # migrates to the latest revision
    root = folder_with(tmp_path, "acme")
    give_id(root)
    engagement = load_engagement(root)
    with transaction(engine) as session:
        assert claim_engagement(session=session, engagement=engagement) == 2
    with transaction(engine) as session:
        assert [v.model for v in all_versions(session=session, engagement=engagement.id)] == [{"v": 1}, {"v": 2}]
        assert len(all_versions(session=session, engagement="other-client")) == 1  # not this client's
        assert len(all_versions(session=session, engagement="acme-corp")) == 0
        # A second engagement of the same client adopts nothing: the rows went to the first.
        twin = folder_with(tmp_path, "acme-twin")
        give_id(twin)
        assert claim_engagement(session=session, engagement=load_engagement(twin)) == 0
    engine.dispose()


def test_a_copy_with_its_own_sqlite_file_is_its_own_store(tmp_path, monkeypatch):
    """The default store is pmo.db inside the folder: a copied folder (a backup, a move) carries its own
    history, so nothing can mix and the copy runs."""
    monkeypatch.delenv("PMO_DATABASE_URL", raising=False)
    original = folder_with(tmp_path, "acme")
    give_id(original)
    store_one_version(load_engagement(original), "")
    copy = tmp_path / "acme-backup"
    shutil.copytree(original, copy)
    store_one_version(load_engagement(copy), "")
    engine = open_store(load_engagement(copy).database_url())
    with transaction(engine) as session:
        assert len(all_versions(session=session, engagement=load_engagement(copy).id)) == 1
    engine.dispose()
