"""The template builders (tools/template_builders/) and the committed templates never drift: every template,
built in each language, reads exactly like its file in document_templates/ (text, styles, tables, tags)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from template_builders import BUILDS, LANGUAGES, build  # noqa: E402
from template_builders.compare import extract, tags  # noqa: E402

COMMITTED = ROOT / "document_templates"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template_id", list(BUILDS))
def test_built_template_reads_like_the_committed_one(template_id: str, language: str, tmp_path: Path) -> None:
    built = build(template_id, language, tmp_path)
    committed = COMMITTED / built.name
    assert extract(built) == extract(committed), f"rebuild with: python tools/build_templates.py {template_id}"
    assert tags(built) == tags(committed)


def test_every_committed_template_has_a_builder() -> None:
    committed = {path.name for path in COMMITTED.glob("*.docx")}
    assert committed == {f"{template_id}.{language}.docx" for template_id in BUILDS for language in LANGUAGES}


def test_extract_sees_a_changed_word(tmp_path: Path) -> None:
    """The comparison is not blind: one changed table header is a difference."""
    from docx import Document

    built = build("issue_log", "fr", tmp_path)
    document = Document(str(built))
    document.tables[-1].rows[0].cells[1].paragraphs[0].runs[0].text = "Jour"
    document.save(str(built))
    assert extract(built) != extract(COMMITTED / built.name)


def test_build_script_refuses_an_unknown_template_id() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_templates.py"), "no_such_template"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "no_such_template" in result.stderr
