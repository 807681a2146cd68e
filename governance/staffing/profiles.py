"""The roles' skill profiles (governance/data/role_profiles.yaml): skills, required levels, responsibilities."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from governance.assessment import Text
from governance.core.paths import DATA_DIR
from governance.core.problems import InputError, Problem
from governance.engagement.staffing_settings import FUNCTIONS, MANAGEMENT, ROLES

BUILTIN_PROFILES = DATA_DIR / "role_profiles.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Skill(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    short: Text
    name: Text
    aliases: list[str] = Field(default_factory=list)


class Responsibility(_Strict):
    function: str | None = None
    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)


class RoleProfile(_Strict):
    id: str
    name: Text
    aliases: list[str] = Field(default_factory=list)
    summary: Text
    skills: dict[str, int]
    certifications: list[str] = Field(default_factory=list)
    responsibilities: list[Responsibility] = Field(min_length=1)


class RoleProfiles(_Strict):
    levels: dict[int, Text]
    functions: dict[str, Text]
    skills: list[Skill] = Field(min_length=1)
    roles: list[RoleProfile]

    @model_validator(mode="after")
    def _consistent(self) -> RoleProfiles:
        skill_ids = [s.id for s in self.skills]
        if len(set(skill_ids)) != len(skill_ids):
            raise ValueError("duplicate skill ids")
        role_ids = [r.id for r in self.roles]
        if sorted(role_ids) != sorted(ROLES):
            raise ValueError(f"expected exactly the roles {', '.join(ROLES)}, got {', '.join(role_ids)}")
        for role in self.roles:
            unknown = [s for s in role.skills if s not in skill_ids]
            if unknown:
                raise ValueError(f"role {role.id!r} requires unknown skills {unknown}")
            bad = {s: v for s, v in role.skills.items() if not 0 <= v <= 5}
            if bad:
                raise ValueError(f"role {role.id!r}: required levels must be 0 to 5, got {bad}")
            functions = [r.function for r in role.responsibilities if r.function and r.function not in FUNCTIONS]
            if functions:
                raise ValueError(f"role {role.id!r}: unknown functions {functions}")
        missing = [f for f in (MANAGEMENT, *FUNCTIONS) if f not in self.functions]
        if missing:
            raise ValueError(f"functions without a name: {missing}")
        return self

    def role(self, role_id: str) -> RoleProfile:
        return next(r for r in self.roles if r.id == role_id)

    @property
    def skill_ids(self) -> list[str]:
        return [s.id for s in self.skills]

    def skill(self, skill_id: str) -> Skill:
        return next(s for s in self.skills if s.id == skill_id)

    def required(self, role_id: str, skill_id: str) -> int:
        return int(self.role(role_id).skills.get(skill_id, 0))


def load_role_profiles(path: Path | None = None, label: str | None = None) -> RoleProfiles:
    from governance.engagement.config import load_yaml

    path = path or BUILTIN_PROFILES
    label = label or str(path)
    try:
        return RoleProfiles.model_validate(load_yaml(path, label))
    except ValidationError as exc:
        raise InputError(
            [
                Problem(
                    label,
                    e["msg"].removeprefix("Value error, "),
                    key=".".join(map(str, e["loc"])) or None,
                    code="invalid-role-profiles",
                )
                for e in exc.errors()
            ]
        ) from None


def role_name(profiles: RoleProfiles, role_id: str, language: str, governance: dict | None = None) -> str:
    """The governance model names roles for the whole engagement; the profiles name them otherwise."""
    for role in (governance or {}).get("roles") or []:
        if isinstance(role, dict) and role.get("id") == role_id and isinstance(role.get("name"), dict):
            name = role["name"].get(language)
            if name:
                return name
    return profiles.role(role_id).name(language)


def responsibilities(
    profiles: RoleProfiles, role_id: str, mandate: list[str], language: str, governance: dict | None = None
) -> list[str]:
    """What the role does in this engagement: the governance model's list when it has one, else the
    built-in responsibilities of the functions in the mandate."""
    for role in (governance or {}).get("roles") or []:
        if isinstance(role, dict) and role.get("id") == role_id:
            listed = (role.get("responsibilities") or {}).get(language) or []
            if listed:
                return list(listed)
    return [
        getattr(r, language)
        for r in profiles.role(role_id).responsibilities
        if r.function is None or r.function in mandate
    ]
