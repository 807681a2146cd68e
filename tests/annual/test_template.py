"""The annual report's template reads only what its context supplies, in both languages."""

from __future__ import annotations

from pathlib import Path

from governance.core.docx import undeclared_variables
from governance.core.docx.template_source import default_templates_dir


def test_template_variables_are_all_supplied(tmp_path):
    """Every variable the default templates read is in the context built for an engagement with nothing stored
    (the images and the renderer's own variables aside): StrictUndefined would fail a run otherwise."""
    import yaml

    from governance.annual import compute_report, prepare, read_inputs
    from governance.annual.context import annual_context
    from governance.annual.run import dimension_names
    from governance.core.store import open_store, transaction
    from governance.engagement.config import load_engagement

    (tmp_path / "pmo.yaml").write_text(
        yaml.safe_dump({"engagement_id": "t-0a1b2c3d", "client": {"name": "T"}, "language": "en"}), encoding="utf-8"
    )
    engagement = load_engagement(tmp_path)
    engine = open_store(engagement.database_url())
    try:
        with transaction(engine) as session:
            report = compute_report(read_inputs(prepare(engagement, "2026-10"), session=session))
    finally:
        engine.dispose()
    supplied = set(annual_context(report, dimension_names(report), "x")) | {
        "radar",
        "rag_trend",
        "kpi_trend",
        "index_trend",
        "logo",
        "footer_text",
        "classification",
    }
    for language in ("fr", "en"):
        template = Path(default_templates_dir()) / f"annual_report.{language}.docx"
        assert undeclared_variables(template, language) <= supplied
