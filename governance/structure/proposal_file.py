"""The proposal file: governance.yaml as `pmo governance propose` writes it, with a header saying what it was
derived from and a marker line carrying the hash of its content.

A file whose content still matches the marker was written by `propose` and nobody changed it, so it may be
replaced; anything else is the consultant's work and is kept.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from governance.core.atomic import write_text_atomic
from governance.core.i18n import t, words
from governance.core.problems import InputError, Problem
from governance.structure.model import MANDATE_FUNCTIONS, to_yaml

if TYPE_CHECKING:
    from governance.structure.proposal import Basis

MARKER = re.compile(r"^# pmo-kit proposal sha256:([0-9a-f]{64})\b.*$", re.MULTILINE)


def section_comments(language: str) -> dict[str, str]:
    """The comment above each top-level section of the file."""
    comments = words("structure", language)["proposal"]["section_comments"]
    return {key: text.format(functions=", ".join(MANDATE_FUNCTIONS)) for key, text in comments.items()}


def basis_sentence(basis: Basis, language: str) -> str:
    found = words("structure", language)["proposal"]
    kind, size, control = (
        found["pmo_types"][basis.pmo_type],
        found["sizes"][basis.size],
        found["controls"][basis.control],
    )
    if basis.maturity is None:
        maturity = t(language, fr="sans évaluation de maturité enregistrée", en="no stored maturity assessment")
    else:
        maturity = t(
            language,
            fr=f"maturité {basis.maturity} ({basis.maturity_source})",
            en=f"maturity {basis.maturity} ({basis.maturity_source})",
        )
    return t(
        language,
        fr=f"PMO {kind}, organisation de {size} taille ({basis.staff} personnes, {basis.projects} projets), "
        f"{maturity} : contrôle {control}",
        en=f"{kind} PMO, {size} organisation ({basis.staff} staff, {basis.projects} projects), {maturity}: "
        f"{control} control",
    )


def header_lines(client: str, language: str, intro: str) -> list[str]:
    return [
        t(language, fr=f"# Modèle de gouvernance du PMO — {client}", en=f"# PMO governance model — {client}"),
        f"# {intro}",
        t(
            language,
            fr="# Modifiez ce fichier, puis lancez `pmo governance setup DOSSIER` pour le valider et "
            "produire la charte, la matrice RACI et le calendrier.",
            en="# Edit this file, then run `pmo governance setup DIR` to validate it and produce the charter, the "
            "RACI matrix and the calendar.",
        ),
        t(
            language,
            fr="# Textes : {fr: ..., en: ...} ; un texte simple vaut pour les deux langues.",
            en="# Texts: {fr: ..., en: ...}; a plain text stands for both languages.",
        ),
    ]


def model_yaml(model: dict, language: str) -> str:
    return to_yaml(model, section_comments(language))


def _body_hash(body: str) -> str:
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()


def proposal_text(model: dict, basis: Basis, client: str, language: str, today: date | None = None) -> str:
    """The proposal file: header, marker line with the hash of what follows, then the model."""
    day = (today or date.today()).isoformat()
    intro = t(
        language,
        fr=f"Proposé par `pmo governance propose` le {day} — {basis_sentence(basis, 'fr')}.",
        en=f"Proposed by `pmo governance propose` on {day} — {basis_sentence(basis, 'en')}.",
    )
    body = "\n" + model_yaml(model, language)
    note = t(
        language,
        fr="ne pas modifier cette ligne : elle permet de savoir si le fichier a été modifié",
        en="do not edit this line: it tells whether the file was changed",
    )
    marker = f"# pmo-kit proposal sha256:{_body_hash(body)} ({note})\n"
    return "\n".join(header_lines(client, language, intro)) + "\n" + marker + body


def proposal_state(path: Path) -> str:
    """'absent', 'unedited' (written by propose, unchanged since) or 'edited' (anything else)."""
    if not path.is_file():
        return "absent"
    text = path.read_text(encoding="utf-8", errors="replace")
    match = MARKER.search(text)
    if not match:
        return "edited"
    body = text[match.end() + 1 :]
    return "unedited" if _body_hash(body) == match.group(1) else "edited"


def write_proposal(path: Path, text: str, force: bool, label: str) -> str:
    """Write unless that would replace the consultant's work; returns the state the file was in."""
    state = proposal_state(path)
    if state == "edited" and not force:
        raise InputError(
            [
                Problem(
                    label,
                    "was edited (or not written by `pmo governance propose`) and is kept; "
                    "use --force to replace it, or -o FILE to write the proposal elsewhere",
                    code="governance-proposal-edited",
                )
            ]
        )
    write_text_atomic(path, text)
    return state
