"""The maturity questionnaire: dimensions, questions and a descriptor per level, in French and English."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.engagement.config import load_yaml

BUILTIN_BANK = DATA_DIR / "question_bank.yaml"
LEVELS = (1, 2, 3, 4, 5)


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __call__(self, language: str) -> str:
        return getattr(self, language)


def _all_levels(levels: dict[int, Text]) -> dict[int, Text]:
    missing = [level for level in LEVELS if level not in levels]
    extra = [level for level in levels if level not in LEVELS]
    if missing or extra:
        raise ValueError(f"expected exactly the levels 1 to 5 (missing {missing}, unexpected {extra})")
    return levels


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: Text
    levels: dict[int, Text]

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: dict[int, Text]) -> dict[int, Text]:
        return _all_levels(value)


class Dimension(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    description: Text
    depends_on: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _question_ids(self) -> Dimension:
        for q in self.questions:
            if not re.fullmatch(rf"{re.escape(self.id)}\.\d+", q.id):
                raise ValueError(f"question id {q.id!r} must have the form {self.id}.<n>")
        return self


class QuestionBank(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: int = 1
    levels: dict[int, Text]
    dimensions: list[Dimension] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: dict[int, Text]) -> dict[int, Text]:
        return _all_levels(value)

    @model_validator(mode="after")
    def _consistent(self) -> QuestionBank:
        ids = [d.id for d in self.dimensions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate dimension ids {duplicates}")
        qids = [q.id for d in self.dimensions for q in d.questions]
        dq = sorted({i for i in qids if qids.count(i) > 1})
        if dq:
            raise ValueError(f"duplicate question ids {dq}")
        for d in self.dimensions:
            unknown = [p for p in d.depends_on if p not in ids]
            if unknown:
                raise ValueError(f"dimension {d.id!r} depends on unknown dimensions {unknown}")
        return self

    @cached_property
    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions]

    @cached_property
    def question_ids(self) -> frozenset[str]:
        return frozenset(q.id for d in self.dimensions for q in d.questions)

    def dimension(self, dimension_id: str) -> Dimension:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def questions_frame(self, language: str) -> pd.DataFrame:
        """One row per question: ids, dimension, text and level descriptors in `language`."""
        rows = [
            {
                "question_id": q.id,
                "dimension_id": d.id,
                "dimension": d.name(language),
                "question": q.text(language),
                **{f"level_{n}": q.levels[n](language) for n in LEVELS},
            }
            for d in self.dimensions
            for q in d.questions
        ]
        return pd.DataFrame(rows)


def load_question_bank(path: Path | None = None, label: str | None = None) -> QuestionBank:
    """The built-in bank, or a consultant's own file in the same format."""
    path = path or BUILTIN_BANK
    label = label or str(path)
    raw = load_yaml(path, label)
    try:
        return QuestionBank.model_validate(raw)
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    label,
                    e["msg"].removeprefix("Value error, "),
                    key=".".join(map(str, e["loc"])) or None,
                    code="invalid-question-bank",
                )
                for e in exc.errors()
            ]
        ) from None
