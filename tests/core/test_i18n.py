"""Bilingual text, one way: t() inline, pick() for {fr:, en:} values, words() for YAML catalogues."""

from __future__ import annotations

import pytest
import yaml

from governance.core import i18n


def test_t_chooses_the_language():
    assert i18n.t("fr", fr="bonjour", en="hello") == "bonjour"
    assert i18n.t("en", fr="bonjour", en="hello") == "hello"


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ({"fr": "Comité", "en": "Board"}, "fr", "Comité"),
        ({"fr": "Comité", "en": "Board"}, "en", "Board"),
        ({"fr": "Comité seulement"}, "en", "Comité seulement"),  # falls back to the other language
        ({"fr": "", "en": "Board"}, "fr", "Board"),
        ("plain text", "fr", "plain text"),
        (None, "en", ""),
    ],
)
def test_pick(value, language, expected):
    assert i18n.pick(value, language) == expected


def test_french_spacing_uses_no_break_spaces():
    assert i18n.french_spacing("Objet : « PMO » ; prêt ?") == "Objet\u00a0: «\u00a0PMO\u00a0»\u00a0; prêt\u00a0?"


def test_every_catalogue_gives_both_languages_the_same_keys():
    """A catalogue leaf is a {fr:, en:} pair: both languages have exactly the same keys, none empty."""
    from governance.core.paths import DATA_DIR

    catalogues = sorted((DATA_DIR / "words").glob("*.yaml"))
    for path in catalogues:
        name = path.stem
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        french, english = i18n.words(name, "fr"), i18n.words(name, "en")
        assert _shape(french) == _shape(english), name
        for leaf in _leaves(raw):
            assert set(leaf) == {"fr", "en"} and all(str(v).strip() for v in leaf.values()), (name, leaf)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="expected one of fr, en"):
        i18n.words("anything", "de")


def _shape(node):
    if isinstance(node, dict):
        return {k: _shape(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_shape(v) for v in node]
    return type(node).__name__


def _leaves(node):
    if isinstance(node, dict):
        if set(node) == {"fr", "en"}:
            yield node
            return
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
