"""The engagement's address book (`data/contacts.csv` or .xlsx): who project managers, sponsors and body chairs
are, and where to write to them. Names are matched as people write them: case, accents and spacing aside.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from governance.core.problems import InputError, Problem
from governance.core.tabular import ROW, plain_text, read_table
from governance.engagement.collection_settings import EMAIL
from governance.engagement.config import Engagement

HEADERS = {
    "name": ("name", "nom", "nom_complet", "personne"),
    "email": ("email", "e_mail", "courriel", "mail", "adresse", "adresse_e_mail"),
    "role": ("role", "roles", "fonction"),
}


def person_key(name: str) -> str:
    """How a person's name is compared: case, accents and spacing aside ("Hélène  vasseur" is "Hélène Vasseur");
    a name in another script (Иван Петров, 王芳) is kept as written, never reduced to nothing."""
    return plain_text(name) or " ".join(unicodedata.normalize("NFKC", str(name)).casefold().split())


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    roles: tuple[str, ...] = ()


@dataclass
class Contacts:
    by_name: dict[str, Contact] = field(default_factory=dict)
    source: str = ""

    def find(self, name: str) -> Contact | None:
        return self.by_name.get(person_key(name))

    def with_role(self, role_id: str) -> list[Contact]:
        return [c for c in self.by_name.values() if role_id in c.roles]


def load_contacts(engagement: Engagement) -> Contacts:
    """The contacts file named in pmo.yaml (collection.contacts); none yet is an empty book, not an error:
    messages are then written as drafts without a recipient, and the result says whose address is missing."""
    path = engagement.resolve(engagement.config.collection.contacts)
    label = engagement.display(path)
    if not path.is_file():
        return Contacts(source=label)
    frame = read_table(path, label)
    columns = {}
    for key, aliases in HEADERS.items():
        columns[key] = next((c for c in frame.columns if c != ROW and plain_text(c, "_") in aliases), None)
    missing = [k for k in ("name", "email") if columns[k] is None]
    if missing:
        raise InputError(
            [
                Problem(label, f"missing column {k!r} (or {HEADERS[k][1]!r})", row=1, code="missing-column")
                for k in missing
            ]
        )
    problems, book = [], Contacts(source=label)
    for record in frame.to_dict("records"):
        name, email = str(record[columns["name"]]).strip(), str(record[columns["email"]]).strip()
        roles = str(record[columns["role"]]).strip() if columns["role"] else ""
        row = int(record[ROW])
        if not name and not email:
            continue
        if not EMAIL.fullmatch(email):
            problems.append(
                Problem(
                    label,
                    f"{email!r} is not an e-mail address; expected name@client.example",
                    row=row,
                    column=columns["email"],
                    code="bad-email",
                )
            )
            continue
        key = person_key(name)
        if not key:
            problems.append(
                Problem(
                    label,
                    "name is empty; expected the person's name",
                    row=row,
                    column=columns["name"],
                    code="missing-value",
                )
            )
            continue
        if key in book.by_name:
            problems.append(
                Problem(
                    label,
                    f"{name!r} is listed twice; expected one row per person",
                    row=row,
                    column=columns["name"],
                    code="duplicate-contact",
                )
            )
            continue
        book.by_name[key] = Contact(
            name, email, tuple(r for r in roles.replace(";", ",").replace(" ", ",").split(",") if r)
        )
    if problems:
        raise InputError(problems)
    return book
