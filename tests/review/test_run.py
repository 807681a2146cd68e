"""A run's result: data-quality flags are typed warnings (code, severity) printed as they always were."""

from __future__ import annotations

from governance.review.metrics import compute_period
from governance.review.pack import data_quality_rows
from governance.review.policy import default_policy
from governance.review.run import data_quality_warnings, output_names
from support.review import row, status


def test_data_quality_flags_are_warnings_with_codes():
    frame = status([row("P1"), row("P2", status_date="2026-10-05"), row("P4", tier="diamond", rag_self="purple")])
    review = compute_period(frame, None, default_policy(), "2026-10")
    warnings = data_quality_warnings(data_quality_rows(review, "data/status/2026-10.csv", "en"))
    assert {w.severity for w in warnings} == {"warning"}
    assert sorted(w.code for w in warnings) == [
        "data-quality-rag-self-unknown",
        "data-quality-stale",
        "data-quality-unknown-tier",
    ]
    stale = next(w for w in warnings if w.code == "data-quality-stale")
    assert str(stale) == (
        "data/status/2026-10.csv: row 3: P2: Status dated 2026-10-05, 26 days before the end of the period"
    )


def test_output_names_follow_the_language():
    assert output_names("fr", "2026-10") == ("revue-gouvernance-2026-10.docx", "revue-gouvernance-2026-10.xlsx")
    assert output_names("en", "2026-10") == ("governance-review-2026-10.docx", "governance-review-2026-10.xlsx")
