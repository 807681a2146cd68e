"""Where the package's own files are: its data (YAML), its migrations and the default document templates."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"

# Names Windows (and so OneDrive and SharePoint) cannot open or sync as a file or folder, in any case and
# with any extension: CON, CON.txt, com1...
_WINDOWS_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9¹²³]|LPT[1-9¹²³])(\..*)?$", re.IGNORECASE)


def portable_name_problem(name: str) -> str | None:
    """Why `name` cannot be a file or folder name on every client's machine, or None when it can."""
    if _WINDOWS_RESERVED.match(name):
        return f"{name!r} is a name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9)"
    if name.endswith((".", " ")):
        return f"{name!r} ends with a dot or a space, which Windows drops"
    return None
