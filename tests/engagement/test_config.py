"""pmo.yaml: a wrong value gets one line naming the key, the value and what is allowed."""

from __future__ import annotations

import pytest

from governance.core.problems import InputError
from governance.engagement.config import load_engagement, parse_config

VALID = {"client": {"name": "Acme"}, "language": "fr", "pmo": {"type": "controlling"}}


def problems_for(raw: dict) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_config(raw, "pmo.yaml")
    return [str(p) for p in caught.value.problems]


def test_valid_minimal_config_gets_defaults():
    config = parse_config(VALID, "pmo.yaml")
    assert config.pmo.type == "controlling" and config.assessment.default_target == 3
    assert config.branding.primary_colour == "#1F4E79"


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            {"pmo": {"type": "controling"}},
            "pmo.yaml: pmo.type: Input should be 'supportive', 'controlling' or 'directive' (got 'controling')",
        ),
        ({"language": "de"}, "pmo.yaml: language: Input should be 'fr' or 'en' (got 'de')"),
        (
            {"branding": {"primary_colour": "blue"}},
            "pmo.yaml: branding.primary_colour: expected a colour like '#1F4E79', got 'blue'",
        ),
        (
            {"assessment": {"target": {"governance": 7}}},
            "pmo.yaml: assessment.target: target levels must be 1 to 5, got {'governance': 7}",
        ),
        ({"clinet": {"name": "x"}}, "pmo.yaml: clinet: is not a known setting (check the spelling)"),
    ],
)
def test_one_line_per_wrong_key(change, expected):
    assert expected in problems_for({**VALID, **change})


def test_missing_client_name():
    assert problems_for({"language": "fr"}) == ["pmo.yaml: client: is required"]


def test_yaml_syntax_error_names_line(tmp_path):
    (tmp_path / "pmo.yaml").write_text("client:\n  name: [Acme\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_engagement(tmp_path)
    (problem,) = caught.value.problems
    assert problem.file == "pmo.yaml" and problem.row == 3 and "invalid YAML" in problem.message


def test_missing_folder():
    with pytest.raises(InputError, match="engagement folder not found"):
        load_engagement("/nonexistent/engagement")
