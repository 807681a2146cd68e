"""The example's status collection: contacts, and November 2026's returned forms in data/inbox/2026-11/.

The tier 1 and 2 project managers were sent a form. What came back shows every case of a first
`pmo collect merge`: most forms on time, one late (the e-mail it came in is dated 2 December), one with an error
(earned value above the budget), one returned twice (the second, corrected, supersedes the first); four
managers' forms never came back.
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from governance.collection.form_layout import META_KEYS, META_SHEET, PROJECT_COLUMNS, PROJECTS_ROW
from governance.collection.forms import file_stem, form_file_name, write_form
from governance.collection.prepare import by_manager
from governance.collection.roster import deadlines
from governance.core.atomic import write_bytes_atomic
from governance.core.xlsx.forms import form_brand_for
from governance.engagement.config import load_engagement
from governance.example.portfolio import PROJECTS
from governance.review.status_input import load_status_file
from governance.structure.resolve import resolve_governance

PERIOD = "2026-11"
PREPARED_AT = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
RAG_LABELS = {0.0: "green", 1.0: "amber", 2.0: "red"}
ROLES = {
    "Mathilde Rousseau": "pmo_manager",
    "Bernard Lemoine": "chief_executive",
    "Hélène Vasseur": "portfolio_director",
}
# Who sends what back, and when (UTC): the story a first merge tells.
NOT_RETURNED = ("Hugo Blanc", "Léa Mercier")
LATE = "Thomas Roux"  # in an e-mail of 2 December
ERROR = "Nicolas Petit"  # EV above BAC on his project
TWICE = "Claire Fontaine"  # a first version on 26 November, corrected on 29 November


def _address(name: str) -> str:
    ascii_name = name.lower().translate(str.maketrans("éèêëàâîïôöùûüç", "eeeeaaiioouuuc"))
    return re.sub(r"[^a-z]+", ".", ascii_name).strip(".") + "@valmont-logistique.example"


def write_contacts(root: Path) -> Path:
    people = {p.manager for p in PROJECTS} | {p.sponsor for p in PROJECTS} | set(ROLES)
    lines = ["nom;email;rôle"] + [f"{n};{_address(n)};{ROLES.get(n, '')}" for n in sorted(people)]
    return write_bytes_atomic(root / "data" / "contacts.csv", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def fill_form(
    source: Path, target: Path, values: dict[str, dict[str, object]], saved_at: datetime | None = None
) -> Path:
    """Put `values` ({project id: {field: value}}) in a form's yellow cells and save it as `target`, as a project
    manager's spreadsheet would; `saved_at` sets the time the file says it was saved."""
    workbook = load_workbook(source)
    meta = {r[0]: r[1] for r in workbook[META_SHEET].iter_rows(max_row=len(META_KEYS), values_only=True)}
    fields = meta["fields"].split(",")
    first, column = int(meta["first_field_row"]), meta["value_column"]
    sheets = {
        r[PROJECT_COLUMNS.index("project_id")]: r[0]
        for r in workbook[META_SHEET].iter_rows(min_row=PROJECTS_ROW + 1, values_only=True)
        if r and r[0]
    }
    for project_id, figures in values.items():
        for name, value in figures.items():
            workbook[sheets[project_id]][f"{column}{first + fields.index(name)}"] = value
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    if saved_at is not None:
        set_saved_time(target, saved_at)
    return target


def set_saved_time(path: Path, when: datetime) -> None:
    """Rewrite docProps/core.xml's modified time (what a spreadsheet writes when it saves)."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    data,
                )
            archive.writestr(info, data)


def _november(last: dict) -> dict[str, object]:
    """A plausible November from October's figures: a month of work on the same plan."""
    bac = float(last["bac"])
    ev = min(bac, float(last["ev"]) + 0.045 * bac)
    figures = {
        "status_date": datetime(2026, 11, 27),
        "pv": round(min(bac, float(last["pv"]) + 0.05 * bac), 2),
        "ev": round(ev, 2),
        "ac": round(float(last["ac"]) + 0.048 * bac, 2),
        "percent_complete": round(100 * ev / bac),
        "open_risks": int(last["open_risks"]) if pd.notna(last["open_risks"]) else None,
        "open_issues": int(last["open_issues"]) if pd.notna(last["open_issues"]) else None,
        "risk_exposure": float(last["risk_exposure"]) if pd.notna(last["risk_exposure"]) else None,
    }
    for name in ("forecast_end", "milestone_forecast"):
        if pd.notna(last.get(name)):
            figures[name] = pd.Timestamp(last[name]).to_pydatetime()
    return figures


def write_example_inbox(root: Path, language: str) -> list[Path]:
    """data/contacts.csv and the returned forms of data/inbox/2026-11/ (forms made as `pmo collect prepare`
    makes them, from the October status file)."""
    engagement = load_engagement(root)
    model = resolve_governance(engagement).model
    october = load_status_file(
        root / "data" / "status" / "2026-10.csv", "2026-10.csv", "2026-10", engagement.config.review
    ).frame
    october["rag_self"] = october["rag_self_code"].map(RAG_LABELS)
    last = {r["project_id"]: r for r in october.to_dict("records")}
    due = deadlines(model, PERIOD, engagement.config.timezone, 0, 2)
    rows = [
        {
            "project_id": p.id,
            "project_name": p.name,
            "sponsor": p.sponsor,
            "project_manager": p.manager,
            "tier_id": p.tier,
            "tier": model.tiers[[t.id for t in model.tiers].index(p.tier)].name(language),
            "due_on": due[p.tier].due_on,
        }
        for p in PROJECTS
        if p.tier != "tier3" and p.id in last
    ]
    written = [write_contacts(root)]
    inbox = root / "data" / "inbox" / PERIOD
    sent = root / "out" / ".example-forms"
    brand = form_brand_for(engagement)
    sent.mkdir(parents=True, exist_ok=True)
    for number, (manager, group) in enumerate(by_manager(pd.DataFrame(rows))):
        if manager in NOT_RETURNED:
            continue
        projects = group.to_dict("records")
        form = write_form(
            sent / form_file_name(PERIOD, manager, language),
            manager,
            projects,
            last,
            PERIOD,
            brand,
            "",
            PREPARED_AT.replace(tzinfo=None),
        )
        values = {p["project_id"]: _november(last[p["project_id"]]) for p in projects}
        name = f"{file_stem(manager.split()[-1], 'chef-de-projet')}-statut-novembre.xlsx"
        saved = datetime(2026, 11, 26 + number % 4, 9 + number % 8, 15, tzinfo=UTC)
        if manager == ERROR:
            project = projects[0]["project_id"]
            values[project]["ev"] = float(last[project]["bac"]) * 1.08  # typed one digit too many
        if manager == TWICE:
            first = {k: {**v, "open_risks": 99} for k, v in values.items()}
            written.append(
                fill_form(sent / form.file_name, inbox / f"v1-{name}", first, datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
            )
            saved = datetime(2026, 11, 29, 17, 40, tzinfo=UTC)
        if manager == LATE:
            path = fill_form(sent / form.file_name, sent / name, values)
            written.append(
                _as_email(
                    path,
                    inbox / "RE Rapport d'avancement novembre.eml",
                    manager,
                    datetime(2026, 12, 2, 8, 14, tzinfo=UTC),
                )
            )
            continue
        written.append(fill_form(sent / form.file_name, inbox / name, values, saved))
    for path in sent.iterdir():
        path.unlink()
    sent.rmdir()
    return written


def _as_email(attachment: Path, target: Path, sender: str, when: datetime) -> Path:
    message = EmailMessage()
    message["From"] = f"{sender} <{_address(sender)}>"
    message["To"] = "PMO Groupe Valmont <pmo@valmont-logistique.example>"
    message["Subject"] = "RE: Rapport d'avancement novembre 2026"
    message["Date"] = format_datetime(when)
    message.set_content("Bonjour,\n\nVoici mon rapport, avec un peu de retard. Désolé.\n\n" + sender)
    message.add_attachment(
        attachment.read_bytes(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=attachment.name,
    )
    return write_bytes_atomic(target, bytes(message))
