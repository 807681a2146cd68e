"""Is a .pptx template safe to open: a bounded zip (no zip bomb), no macros, no external links, no embedded objects.

A template may come from a client's corporate kit or be edited by hand; the deck is sent to steering bodies.
So before python-pptx reads it, the archive is measured from its directory (size, members, uncompressed size
and ratio), and its content types and relationships are read with a parser that expands no entity: macros
(VBA projects, macro-enabled types), ActiveX controls and embedded OLE objects or packages are refused, and so
is every relationship to an external target (a remote picture, a linked OLE object or file, a hyperlink): the
deck must open without reaching out of itself.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from governance.core.problems import Problem

MAX_FILE_BYTES = 50_000_000  # a corporate template with photos is a few MB
MAX_MEMBERS = 2_000  # parts of the package (a 100-slide deck has ~400)
MAX_UNCOMPRESSED = 250_000_000  # bytes of all parts once inflated
MAX_RATIO = 100  # inflated / compressed size of one part (XML compresses ~10x; a zip bomb ~1000x)
RATIO_FROM = 1_000_000  # parts smaller than this inflated are not ratio-checked (tiny parts compress oddly)

_CONTENT_TYPES = "[Content_Types].xml"
_MACROS = ("macroenabled", "vbaproject", "vbadata", "ms-office.activex")
_EMBEDDED = {  # relationship type (its last segment) -> what it is
    "oleObject": "an embedded OLE object",
    "package": "an embedded file (package)",
    "activeXControl": "an ActiveX control",
    "control": "an ActiveX control",
    "vbaProject": "a VBA macro project",
    "attachedToolbars": "macro toolbars",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def package_problems(path: Path, label: str) -> tuple[list[Problem], bool]:
    """Every safety problem of the package at `path`, and whether it is safe to open at all (False for a
    missing file, a non-zip, an oversized archive or a zip bomb: nothing further is read then)."""
    if not path.is_file():
        return [Problem(label, "template not found")], False
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return [Problem(label, f"the template is too large ({size:,} bytes; at most {MAX_FILE_BYTES:,})")], False
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Problem(label, "cannot be opened as a PowerPoint .pptx file (not a zip archive)")], False
    with archive:
        members = archive.infolist()
        bound = _bounds(members, label)
        if bound:
            return bound, False
        try:
            return _contents(archive, members, label), True
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            return [Problem(label, f"cannot be opened as a PowerPoint .pptx file ({type(exc).__name__})")], False


def _bounds(members: list[zipfile.ZipInfo], label: str) -> list[Problem]:
    if len(members) > MAX_MEMBERS:
        return [Problem(label, f"the package has too many parts ({len(members):,}; at most {MAX_MEMBERS:,})")]
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        return [
            Problem(
                label,
                f"the package inflates to {total:,} bytes (at most {MAX_UNCOMPRESSED:,}): refused as a zip bomb",
            )
        ]
    for member in members:
        if member.file_size >= RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return [
                Problem(
                    label,
                    f"part {member.filename} inflates {member.file_size // max(member.compress_size, 1):,} times "
                    f"(at most {MAX_RATIO}): refused as a zip bomb",
                )
            ]
    return []


def _contents(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], label: str) -> list[Problem]:
    problems: list[Problem] = []
    names = {m.filename for m in members}
    if _CONTENT_TYPES not in names:
        return [Problem(label, "cannot be opened as a PowerPoint .pptx file (no [Content_Types].xml)")]
    for member in members:
        name = member.filename
        if not name.endswith((".xml", ".rels", ".vml")):
            if posixpath.basename(name).lower().startswith("vbaproject"):
                problems.append(Problem(label, f"contains macros ({name}): save it as a .pptx without macros"))
            elif name.startswith("ppt/activeX/") or (name.startswith("ppt/embeddings/") and name.endswith(".bin")):
                problems.append(Problem(label, f"contains an embedded object ({name}): remove it from the template"))
            continue
        data = archive.read(name)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            problems.append(Problem(label, f"part {name} declares a document type or entities: not allowed"))
            continue
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError:
            problems.append(Problem(label, f"part {name} is not well-formed XML"))
            continue
        if name == _CONTENT_TYPES:
            problems.extend(_content_type_problems(root, label))
        elif name.endswith(".rels"):
            problems.extend(_relationship_problems(root, _source_part(name), label))
    return problems


def _content_type_problems(root, label: str) -> list[Problem]:
    found = sorted(
        {
            node.get("ContentType", "")
            for node in root
            if any(word in node.get("ContentType", "").lower() for word in _MACROS)
        }
    )
    return [
        Problem(label, f"contains macros or ActiveX controls (content type {kind}): save it as a .pptx without macros")
        for kind in found
    ]


def _source_part(rels_name: str) -> str:
    """'ppt/slides/_rels/slide1.xml.rels' -> 'ppt/slides/slide1.xml' (the part whose relationships these are)."""
    folder, file = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), file.removesuffix(".rels")) or "the package"


def _relationship_problems(root, source: str, label: str) -> list[Problem]:
    problems = []
    for relationship in root:
        kind = relationship.get("Type", "").rsplit("/", 1)[-1]
        target = relationship.get("Target", "")
        if relationship.get("TargetMode", "").lower() == "external":
            shown = target if len(target) <= 120 else target[:119] + "…"
            problems.append(
                Problem(
                    label,
                    f"{source} links to an external {kind} ({shown}): external links are not allowed "
                    "(embed pictures, remove linked objects and hyperlinks)",
                )
            )
        elif kind in _EMBEDDED:
            problems.append(
                Problem(label, f"{source} contains {_EMBEDDED[kind]} ({target}): remove it from the template")
            )
    return problems
