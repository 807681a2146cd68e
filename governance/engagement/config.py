"""The engagement folder and its `pmo.yaml`, validated with pydantic."""

from __future__ import annotations

import os
import re
import reprlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from governance.core.problems import InputError, Problem
from governance.core.tabular import plain_text
from governance.core.yaml_lines import line_for, line_index
from governance.engagement.collection_settings import CollectionSettings
from governance.engagement.measures import find_measure, known_measures
from governance.engagement.portfolio_settings import PortfolioSettings
from governance.engagement.review_settings import ReviewSettings
from governance.engagement.staffing_settings import StaffingSettings
from governance.engagement.vocabulary import PmoType

CONFIG_FILE = "pmo.yaml"
ENGAGEMENT_ID_PATTERN = r"[a-z0-9][a-z0-9-]{2,62}[a-z0-9]"
DEFAULT_DB_FILE = "pmo.db"
Language = Literal["fr", "en"]


class Strict(BaseModel):
    # A typo in a key is an error, not a silently ignored setting.
    model_config = ConfigDict(extra="forbid")


class Client(Strict):
    name: str = Field(min_length=1)
    sector: str = ""
    staff: int = Field(default=0, ge=0)
    projects: int = Field(default=0, ge=0)


class Objective(Strict):
    text: str = Field(min_length=1)
    measure: str = ""  # how it is measured, in words
    # Bound to a measure the product computes (governance/data/measures.yaml): then measured every review.
    metric: str | None = None
    comparator: Literal[">=", "<=", ">", "<"] | None = None  # default: the measure's direction
    target: str = ""
    due: date | None = None

    @field_validator("metric")
    @classmethod
    def _known_measure(cls, value: str | None) -> str | None:
        if value is not None and find_measure(value) is None:
            raise ValueError(f"unknown measure {value!r}; expected one of {', '.join(known_measures())}")
        return value

    @model_validator(mode="after")
    def _bound(self) -> Objective:
        if self.metric is None:
            return self
        if find_measure(self.metric).target_value(self.target) is None:
            raise ValueError(f"target {self.target!r} has no number; a bound objective needs one (e.g. '95 %' or 3)")
        return self


class Pmo(Strict):
    type: PmoType = "supportive"
    mission: str = ""
    vision: str = ""
    objectives: list[Objective] = Field(default_factory=list)


class AssessmentSettings(Strict):
    question_bank: str | None = None
    recommendations: str | None = None
    target: dict[str, int] = Field(default_factory=dict)
    default_target: int = Field(default=3, ge=1, le=5)
    # A spread (max - min of respondents' dimension scores) at or above this is a disagreement finding.
    disagreement_spread: float = Field(default=2.0, gt=0, le=4)

    @field_validator("target")
    @classmethod
    def _levels_in_range(cls, value: dict[str, int]) -> dict[str, int]:
        bad = {k: v for k, v in value.items() if not 1 <= v <= 5}
        if bad:
            raise ValueError(f"target levels must be 1 to 5, got {bad}")
        return value


class Branding(Strict):
    logo: str | None = None
    primary_colour: str = "#1F4E79"
    font: str = "Calibri"
    footer: str = ""
    classification: str = ""

    @field_validator("primary_colour")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            raise ValueError(f"expected a colour like '#1F4E79', got {value!r}")
        return value.upper()


class EngagementConfig(Strict):
    # The stable id every stored row is keyed by (written by `pmo init` or `pmo id`); never a display name.
    engagement_id: str | None = None
    client: Client
    language: Language = "fr"
    timezone: str = "Europe/Paris"
    consultant: str = ""
    pmo: Pmo = Field(default_factory=Pmo)
    assessment: AssessmentSettings = Field(default_factory=AssessmentSettings)
    branding: Branding = Field(default_factory=Branding)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    staffing: StaffingSettings = Field(default_factory=StaffingSettings)
    collection: CollectionSettings = Field(default_factory=CollectionSettings)
    portfolio: PortfolioSettings = Field(default_factory=PortfolioSettings)

    @field_validator("engagement_id")
    @classmethod
    def _id_shape(cls, value: str | None) -> str | None:
        # It names deployments, database rows and folders: lower-case letters, digits and dashes only.
        if value is not None and not re.fullmatch(ENGAGEMENT_ID_PATTERN, value):
            raise ValueError(
                f"expected 4 to 64 lower-case letters, digits and dashes, not starting or ending with a dash "
                f"(got {value!r})"
            )
        return value


def _key_path(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def _describe(error: dict) -> str:
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    if error["type"] in ("missing",):
        return "is required"
    if error["type"] == "extra_forbidden":
        return "is not a known setting (check the spelling)"
    if error["type"] == "value_error":  # our own validators already quote the value
        return message
    return f"{message} (got {_SHORT.repr(error.get('input'))})"


# A value quoted in a message: enough to recognise it, never the whole of a huge or deeply nested input.
_SHORT = reprlib.Repr()  # Python 3.11: no keyword arguments yet
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring, _SHORT.maxother = 2, 4, 4, 80, 80


def parse_config(raw: object, source: str, text: str | None = None) -> EngagementConfig:
    """Validate a loaded `pmo.yaml`; raise InputError with one Problem per wrong key, on its line when `text` is given."""
    lines = line_index(text) if text is not None else {}
    if not isinstance(raw, dict):
        raise InputError([Problem(source, "expected a mapping of settings at the top level", row=lines.get(()))])
    try:
        return EngagementConfig.model_validate(raw)
    except ValidationError as exc:
        raise InputError(
            [
                Problem(source, _describe(e), row=line_for(tuple(e["loc"]), lines), key=_key_path(e["loc"]))
                for e in exc.errors()
            ]
        ) from None


def load_yaml(path: Path, label: str) -> object:
    """Read YAML (UTF-8); a bad byte, a control character or a syntax error becomes a Problem with its line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(label, "file not found")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        raise InputError(
            [
                Problem(
                    label,
                    f"byte 0x{raw[exc.start : exc.start + 1].hex().upper()} is not UTF-8; re-save the file as UTF-8",
                    row=raw.count(b"\n", 0, exc.start) + 1,
                    column=str(len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1),
                    code="bad-encoding",
                )
            ]
        ) from None
    if "\ufffd" in text:
        position = text.index("\ufffd")
        raise InputError([_text_problem(label, text, position, "holds a replacement character (U+FFFD)")])
    loader = None
    try:
        loader = yaml.SafeLoader(text)  # checks every character first (ReaderError)
        node = loader.get_single_node()
        if node is not None and (size := _expanded_size(node)) > MAX_YAML_VALUES:
            raise InputError(
                [
                    Problem(
                        label,
                        f"expands to {size:,} values through aliases (&name / *name); at most "
                        f"{MAX_YAML_VALUES:,} are accepted (refused as unsafe)",
                        code="yaml-too-large",
                    )
                ]
            )
        return None if node is None else loader.construct_document(node)
    except RecursionError:
        raise InputError(
            [Problem(label, "is nested too deeply to be a settings file (refused as unsafe)", code="yaml-too-large")]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        what = (
            f"holds the character U+{exc.character:04X}" if isinstance(exc.character, int) else "holds a bad character"
        )
        raise InputError([_text_problem(label, text, exc.position, what, "bad-character")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        column = str(mark.column + 1) if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(label, f"invalid YAML: {problem}", row=row, column=column)]) from None
    finally:
        if loader is not None:
            loader.dispose()


# A settings file holds thousands of values at most; aliases can make a few lines stand for billions.
MAX_YAML_VALUES = 200_000


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded (each shared node counted per use)."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key not in sizes:
            sizes[key] = 1  # a node that contains itself counts once
            if isinstance(node, yaml.MappingNode):
                sizes[key] = 1 + sum(size(k) + size(v) for k, v in node.value)
            elif isinstance(node, yaml.SequenceNode):
                sizes[key] = 1 + sum(size(item) for item in node.value)
        return sizes[key]

    return size(root)


def _text_problem(label: str, text: str, position: int, what: str, code: str = "bad-encoding") -> Problem:
    line_start = text.rfind("\n", 0, position) + 1
    return Problem(
        label,
        f"{what}; retype it or re-save the file as UTF-8",
        row=text.count("\n", 0, position) + 1,
        column=str(position - line_start + 1),
        code=code,
    )


@dataclass(frozen=True)
class Engagement:
    """An engagement folder: configuration plus where its inputs and outputs live."""

    root: Path
    config: EngagementConfig

    @property
    def id(self) -> str:
        """The engagement id from pmo.yaml; refused (exit 2) when the file has none."""
        if not self.config.engagement_id:
            raise InputError(
                [
                    Problem(
                        CONFIG_FILE,
                        "is missing; expected the stable id that keys this engagement's history "
                        f"(give it one with `pmo id {self.root}`)",
                        key="engagement_id",
                        code="missing-engagement-id",
                    )
                ]
            )
        return self.config.engagement_id

    @property
    def slug(self) -> str:
        """A slug of the client's name: how rows were keyed before engagement ids (adopted by the first run)."""
        return slugify(self.config.client.name)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def responses_dir(self) -> Path:
        return self.data_dir / "responses"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def out_dir(self) -> Path:
        return self.root / "out"

    @property
    def language(self) -> str:
        return self.config.language

    def database_url(self) -> str:
        """PMO_DATABASE_URL when set (e.g. PostgreSQL), else a SQLite file in the engagement."""
        return os.environ.get("PMO_DATABASE_URL") or self.local_database_url()

    def local_database_url(self) -> str:
        """The engagement's own SQLite file, the default store."""
        return f"sqlite:///{(self.root / DEFAULT_DB_FILE).resolve()}"

    def resolve(self, relative: str) -> Path:
        """A path from pmo.yaml is relative to the engagement folder."""
        path = Path(relative)
        return path if path.is_absolute() else self.root / path

    def display(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def load_engagement(root: Path | str) -> Engagement:
    root = Path(root)
    if not root.is_dir():
        raise InputError([Problem(str(root), "engagement folder not found (create one with `pmo init DIR`)")])
    path = root / CONFIG_FILE
    raw = load_yaml(path, CONFIG_FILE)
    return Engagement(root=root, config=parse_config(raw, CONFIG_FILE, path.read_text(encoding="utf-8")))


def slugify(text: str) -> str:
    return plain_text(text, "-") or "engagement"
