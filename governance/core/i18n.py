"""Bilingual text, written one way: `t(language, fr=..., en=...)` inline, `{fr:, en:}` mappings from YAML,
and per-capability word catalogues under governance/data/words/ (each key a `{fr:, en:}` pair)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

Language = Literal["fr", "en"]
LANGUAGES: tuple[str, ...] = ("fr", "en")

# French typography: a no-break space before ; : ! ? and inside « », so a line never starts with them.
_FRENCH_SPACE = re.compile(r" ([;:!?»])|(«) ")


def french_spacing(text: str) -> str:
    return _FRENCH_SPACE.sub(lambda m: f"\u00a0{m.group(1)}" if m.group(1) else f"{m.group(2)}\u00a0", text)


def french_spaced(value: Any) -> Any:
    """Every text of a context (strings in dicts and lists, at any depth) with French no-break spacing."""
    if isinstance(value, str):
        return french_spacing(value)
    if isinstance(value, dict):
        return {k: french_spaced(v) for k, v in value.items()}
    if isinstance(value, list):
        return [french_spaced(v) for v in value]
    return value


def t(language: str, *, fr: str, en: str) -> str:
    """The text in `language`: the one way to write a bilingual string in code."""
    return fr if language == "fr" else en


def pick(text: Mapping[str, Any] | str | None, language: str) -> str:
    """A `{fr:, en:}` mapping (as written in YAML) in `language`, falling back to the other; plain text as is."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return str(text.get(language) or next((text[other] for other in LANGUAGES if text.get(other)), ""))


def bilingual(fr: str, en: str) -> dict[str, str]:
    """A `{fr:, en:}` mapping, the shape bilingual values take in YAML and in stored models."""
    return {"fr": fr, "en": en}


def _split(node: Any, language: str) -> Any:
    """A catalogue node in one language: `{fr:, en:}` leaves become text, other mappings recurse."""
    if isinstance(node, Mapping):
        if set(node) == set(LANGUAGES):
            return node[language]
        return {key: _split(value, language) for key, value in node.items()}
    if isinstance(node, list):
        return [_split(item, language) for item in node]
    return node


@cache
def _catalogue(name: str) -> dict[str, Any]:
    source = resources.files("governance") / "data" / "words" / f"{name}.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8")) or {}


@cache
def words(name: str, language: str) -> dict[str, Any]:
    """The word catalogue `governance/data/words/<name>.yaml` in `language` (read once per process)."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r}; expected one of {', '.join(LANGUAGES)}")
    return _split(_catalogue(name), language)


def plural(forms: Mapping[str, str], count: float, **values: Any) -> str:
    """The `one` form when count <= 1 (French and the documents' English alike), else `other`, formatted."""
    return (forms["one"] if count <= 1 else forms["other"]).format(n=count, **values)
