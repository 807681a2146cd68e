"""Record the example engagement's outputs as comparable text, and compare two recordings.

Used to prove that a restructuring changed no behaviour: record before, record after, compare. Documents are
compared as what a reader sees (docx: extracted text; xlsx: cell values; ics: events; JSON as printed, with
the engagement's path replaced), never as bytes.

    python bench/golden_outputs.py record /tmp/golden-before
    python bench/golden_outputs.py record /tmp/golden-after
    python bench/golden_outputs.py compare /tmp/golden-before /tmp/golden-after
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The commands of the comparison, in the order a new user runs them.
COMMANDS = [
    ["init", "{eng}"],
    ["bootstrap", "{eng}", "--json"],
    ["review", "{eng}", "--period", "2026-10", "--json"],
    ["templates", "generate", "{eng}", "--projects", "{eng}/data/projects.csv", "--json"],
    ["templates", "check", "{eng}", "--json"],
    ["assess", "run", "{eng}", "--json"],
    ["governance", "setup", "{eng}", "--json"],
    ["governance", "diff", "{eng}", "--json"],
    ["governance", "propose", "{eng}", "-o", "{eng}/out/proposal.yaml", "--maturity", "4", "--json"],
    ["staffing", "plan", "{eng}", "--json"],
    ["lessons", "import", "{eng}", "--json"],
    ["lessons", "search", "{eng}", "fournisseur", "--json"],
    ["assess", "questionnaire", "{eng}", "--format", "csv", "-o", "{eng}/out/questionnaire.csv", "--json"],
]

# Values that legitimately differ between two runs: timestamps of storage, durations, temporary paths.
VOLATILE = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?"), "<timestamp>"),
    # Documents are compared by their text; their digests follow from their bytes.
    (re.compile(r"\b[0-9a-f]{64}\b"), "<sha256>"),
    (re.compile(r'"(seconds|elapsed|duration|documents_per_second)[a-z_]*": [0-9.]+'), r'"\1": <n>'),
]


def _normalise(text: str, engagement: Path) -> str:
    text = text.replace(str(engagement), "<engagement>")
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def docx_text(path: Path) -> str:
    from docx import Document

    document = Document(str(path))
    lines: list[str] = []
    for section in document.sections:
        for part in (section.header, section.footer):
            lines.extend(f"[{type(part).__name__.lower()}] {p.text}" for p in part.paragraphs if p.text.strip())
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = []
                    for cell in row.iterchildren():
                        if cell.tag.endswith("}tc"):
                            cells.append(
                                " ".join("".join(n.text or "" for n in cell.iter() if n.tag.endswith("}t")).split())
                            )
                    lines.append(" | ".join(cells))
    props = document.core_properties
    lines.append(f"[properties] title={props.title!r} subject={props.subject!r} author={props.author!r}")
    return "\n".join(lines)


def xlsx_text(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=False)
    lines: list[str] = []
    try:
        for sheet in workbook.worksheets:
            lines.append(f"## {sheet.title}")
            for row in sheet.iter_rows(values_only=True):
                if any(v is not None for v in row):
                    lines.append("\t".join("" if v is None else str(v) for v in row))
    finally:
        workbook.close()
    return "\n".join(lines)


def ics_text(path: Path) -> str:
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    lines = []
    for event in calendar.walk("VEVENT"):
        lines.append(
            " | ".join(str(event.get(key, "")) for key in ("SUMMARY", "LOCATION"))
            + f" | {event.decoded('DTSTART')} | {event.get('RRULE', {}).to_ical().decode() if event.get('RRULE') else ''}"
        )
    return "\n".join(sorted(lines))


def file_text(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_text(path)
    if suffix == ".xlsx":
        return xlsx_text(path)
    if suffix == ".ics":
        return ics_text(path)
    if suffix in {".csv", ".yaml", ".md", ".txt", ".json"}:
        return path.read_text(encoding="utf-8", errors="replace")
    return None  # pictures: their content is compared through the documents that hold them


def record(target: Path, pmo: str = "pmo") -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="pmo-golden-") as tmp:
        engagement = Path(tmp) / "demo"
        for index, command in enumerate(COMMANDS):
            args = [a.format(eng=engagement) for a in command]
            done = subprocess.run([pmo, *args], capture_output=True, text=True, cwd=tmp)
            name = f"{index:02d}-{'-'.join(command[:2]).replace('{eng}', 'dir')}.txt"
            (target / "commands").mkdir(exist_ok=True)
            (target / "commands" / name).write_text(
                f"exit {done.returncode}\n--- stdout\n{_normalise(done.stdout, engagement)}", encoding="utf-8"
            )
        for path in sorted(p for p in engagement.rglob("*") if p.is_file()):
            relative = path.relative_to(engagement)
            if relative.parts[0] in {"pmo.db"} or path.name.startswith("pmo.db"):
                continue
            text = file_text(path)
            out = target / "files" / (str(relative) + ".txt")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_normalise(text, engagement) if text is not None else "(binary)\n", encoding="utf-8")


def compare(before: Path, after: Path) -> int:
    names = sorted(
        {p.relative_to(before) for p in before.rglob("*.txt")} | {p.relative_to(after) for p in after.rglob("*.txt")}
    )
    differences = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"only in {'after' if b.exists() else 'before'}: {name}")
            differences += 1
            continue
        old, new = (_normalise(p.read_text(encoding="utf-8"), Path("<engagement>")) for p in (a, b))
        if name.parts[0] == "commands" and name.name.startswith(tuple(f"{i:02d}" for i in range(len(COMMANDS)))):
            old, new = _sorted_json(old), _sorted_json(new)
        if old != new:
            differences += 1
            print(f"--- {name}")
            sys.stdout.writelines(list(difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=1))[:40])
    print(f"{len(names)} outputs compared, {differences} differ")
    return 1 if differences else 0


def _sorted_json(text: str) -> str:
    """JSON output compared with sorted keys, so a reordered dict is not a difference."""
    head, _, body = text.partition("--- stdout\n")
    try:
        return head + json.dumps(json.loads(body), indent=1, sort_keys=True, ensure_ascii=False)
    except ValueError:
        return text


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "record":
        record(Path(sys.argv[2]), *(sys.argv[3:4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(Path(sys.argv[2]), Path(sys.argv[3])))
    else:
        sys.exit(__doc__)
