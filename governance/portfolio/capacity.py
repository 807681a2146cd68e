"""Delivery capacity against the portfolio's load, role by role and month by month.

The capacity file (data/portfolio/resources.csv or .xlsx) lists who delivers: a person or a whole team, its
delivery role, its FTE, then optional month columns (YYYY-MM) holding its availability in percent. A role's
capacity in a month is the sum of FTE x availability x working days per month over its rows.

The load is the effort of the demand register (days per item, role and quarter), spread evenly over the three
months of each quarter. The balance sets one against the other on a complete role x month grid; the roles
whose load exceeds their capacity are the bottlenecks that limit what the portfolio can take on.

Roles are matched as the house compares labels (`role_key`: case, accents, spaces and punctuation ignored),
so "Développeur", "developpeur " and "DEVELOPPEUR" are one role in every file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from governance.core.problems import InputError, Problem
from governance.core.tabular import ROW, parse_numbers, plain_text, read_table
from governance.portfolio.model import month_quarter, quarter_months, quarter_of

RESOURCE_COLUMNS = ("name", "role", "fte", "row")
AVAILABILITY_COLUMNS = ("name", "role", "month", "share")
CAPACITY_COLUMNS = ("role", "month", "days")
LOAD_COLUMNS = ("item_id", "role", "month", "days")
QUARTER_CAPACITY_COLUMNS = ("role", "quarter", "days")
BALANCE_COLUMNS = ("role", "month", "capacity", "committed", "candidates", "load", "free", "utilisation")
BOTTLENECK_COLUMNS = ("role", "months_over", "over_months", "peak_month", "peak_utilisation", "overload_days")

# Headers as `plain_text` writes them (lower case, no accents), French and English.
NAME_HEADERS = {"name", "nom", "nom prenom", "prenom nom", "personne", "person", "ressource", "resource"}
ROLE_HEADERS = {"role", "roles", "fonction", "poste", "profil", "profile", "delivery role", "role delivery"}
FTE_HEADERS = {"fte", "etp"}
IGNORED_HEADERS = {
    "commentaire",
    "commentaires",
    "comment",
    "comments",
    "notes",
    "remarques",
    "email",
    "e mail",
    "courriel",
    "service",
    "direction",
    "site",
    "equipe",
    "team",
    "manager",
    "fournisseur",
    "supplier",
    "contrat",
    "contract",
}
EXPECTED = {"name": "nom/name", "role": "rôle/role", "fte": "ETP/FTE"}

# Days are rounded to a millionth of a day: sums of FTE x share x days must not leave 1.0000000000000002
# utilisations that read as overloads.
DAYS_DECIMALS = 6


def role_key(text: object) -> str:
    """A role as every file is matched on it: 'Chef  de Projet ' and 'chef de projet' are one role."""
    return plain_text(str(text if text is not None else ""))


def role_label(text: object) -> str:
    """A role as written, its spaces tidied: what a reader sees when no better label is known."""
    return " ".join(str(text if text is not None else "").split())


@dataclass
class Resources:
    """The capacity file as read.

    people: one row per person or team (RESOURCE_COLUMNS); `role` is the role key, `row` its row in the file.
    availability: one row per resource and month column of the file (AVAILABILITY_COLUMNS), share 0-1,
    blank cells already read as 1. A month the file has no column for is a month at 100 %.
    role_labels: role key -> the role as first written in the file (for charts and messages).
    """

    people: pd.DataFrame
    availability: pd.DataFrame
    source: str
    role_labels: dict[str, str] = field(default_factory=dict)

    @property
    def roles(self) -> list[str]:
        """The role keys, in the order the file first names them."""
        return list(dict.fromkeys(self.people["role"]))

    @property
    def months(self) -> list[str]:
        """The month columns of the file, in calendar order."""
        return sorted(set(self.availability["month"]))


# ------------------------------------------------------------------------------------------------ reading

_MONTH_NAMES: dict[str, int] = {}


def _month_names() -> dict[str, int]:
    """'janv', 'janvier', 'jan', 'january', 'sept'... -> month number (French and English, as plain text)."""
    if not _MONTH_NAMES:
        from babel.dates import get_month_names

        for locale in ("fr_FR", "en_GB", "en_US"):
            for width in ("abbreviated", "wide"):
                for number, name in get_month_names(width, locale=locale).items():
                    _MONTH_NAMES.setdefault(plain_text(name), number)
        _MONTH_NAMES.update({"sep": 9, "fev": 2, "juil": 7, "jui": 7})
    return _MONTH_NAMES


_ISO_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")  # 2027-03, 2027/3
_ISO_FIRST_DAY = re.compile(r"(\d{4})-(\d{1,2})-0?1(?:[ T]00:00(?::00)?)?")  # a date cell of a workbook header
_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")  # 03/2027
_FIRST_DAY = re.compile(r"0?1/(\d{1,2})/(\d{4})")  # 01/03/2027: Excel re-saving a 2027-03 header as a date
_NAMED_MONTH = re.compile(r"([a-z]+) (\d{2}|\d{4})")  # janv.-27, Jan 2027, mars 27 (after plain_text)


def month_of_header(header: str) -> str | None:
    """A month column's header -> 'YYYY-MM', or None when it is not a valid month.

    Besides YYYY-MM, the forms Excel turns it into are read: a date cell (2027-03-01), 01/03/2027, 03/2027
    and 'mars-27' / 'Mar-27'.
    """
    text = str(header).strip()
    for pattern, year_group, month_group in (
        (_ISO_MONTH, 1, 2),
        (_ISO_FIRST_DAY, 1, 2),
        (_MONTH_YEAR, 2, 1),
        (_FIRST_DAY, 2, 1),
    ):
        match = pattern.fullmatch(text)
        if match:
            year, month = int(match.group(year_group)), int(match.group(month_group))
            break
    else:
        match = _NAMED_MONTH.fullmatch(plain_text(text))
        if not match or match.group(1) not in _month_names():
            return None
        year, month = int(match.group(2)), _month_names()[match.group(1)]
        year += 2000 if year < 100 else 0
    if not (1 <= month <= 12 and 1990 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}"


def _columns(frame: pd.DataFrame, label: str, problems: list[Problem]) -> tuple[dict[str, str], dict[str, str]]:
    """(header -> name/role/fte, header -> month), the header's problems appended."""
    fields: dict[str, str] = {}
    months: dict[str, str] = {}
    for column in frame.columns:
        header = str(column).strip()
        if column == ROW or not header:
            continue
        key = plain_text(header)
        target = next(
            (
                name
                for name, aliases in (("name", NAME_HEADERS), ("role", ROLE_HEADERS), ("fte", FTE_HEADERS))
                if key in aliases
            ),
            None,
        )
        if target is not None:
            if target in fields.values():
                problems.append(
                    Problem(
                        label, f"column {header!r} repeats {target!r}", row=1, column=header, code="repeated-column"
                    )
                )
            else:
                fields[column] = target
        elif key in IGNORED_HEADERS:
            continue
        elif any(c.isdigit() for c in header):  # meant as a month
            month = month_of_header(header)
            if month is None:
                problems.append(
                    Problem(
                        label,
                        f"column {header!r} is not a month; expected a month as YYYY-MM, e.g. 2027-03",
                        row=1,
                        column=header,
                        code="bad-month-column",
                    )
                )
            elif month in months.values():
                problems.append(
                    Problem(
                        label, f"column {header!r} repeats month {month}", row=1, column=header, code="repeated-column"
                    )
                )
            else:
                months[column] = month
        else:
            problems.append(
                Problem(
                    label,
                    f"unknown column {header!r}; expected nom/name, rôle/role, ETP/FTE, then months as YYYY-MM",
                    row=1,
                    column=header,
                    code="unknown-column",
                )
            )
    for required in ("name", "role", "fte"):
        if required not in fields.values():
            problems.append(
                Problem(
                    label,
                    f"missing column {EXPECTED[required]}; expected a header for the resource's {required}",
                    row=1,
                    column=required,
                    code="missing-column",
                )
            )
    return fields, months


def _shares(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Availability cells -> (share 0-1, bad). Blank is 1 (available all month).

    '50 %' and '50' are half. A number up to 1 without a % sign is a share (0,5 = half): a workbook cell
    formatted as a percentage stores 50 % as 0.5, and nobody is available 0.5 % of a month.
    """
    numbers, bad = parse_numbers(values, units=("%",))
    signed = pd.Series(["%" in str(v) for v in values.tolist()], index=values.index)
    shares = numbers.where(signed | (numbers > 1), numbers * 100) / 100
    bad |= numbers.notna() & ((shares < 0) | (shares > 1))
    return shares.fillna(1.0).where(~bad), bad


def read_resources(path: Path, label: str) -> Resources:
    """Read and check the delivery capacity file; raise InputError naming file, row and column of every problem."""
    frame = read_table(path, label)
    problems: list[Problem] = []
    fields, months = _columns(frame, label, problems)
    if problems:
        raise InputError(problems)
    if frame.empty:
        raise InputError(
            [Problem(label, "no resource found; expected one row per person or team who delivers", code="no-resource")]
        )
    header = {target: column for column, target in fields.items()}
    rows = frame[ROW].astype(int)
    names = frame[header["name"]].map(role_label)
    roles_written = frame[header["role"]].map(role_label)
    roles = roles_written.map(role_key)

    def add(mask: pd.Series, column: str, message, code: str) -> None:
        for position in np.flatnonzero(mask.to_numpy()):
            problems.append(Problem(label, message(position), row=int(rows.iloc[position]), column=column, code=code))

    add(names == "", header["name"], lambda _: "name is empty; expected a person or a team", "empty-name")
    add(
        roles == "",
        header["role"],
        lambda _: "role is empty; expected the delivery role, e.g. developpeur",
        "empty-role",
    )
    key = names.map(plain_text) + "\x00" + roles
    first = pd.Series(rows.groupby(key.to_numpy()).transform("min").to_numpy(), index=frame.index)
    duplicate = key.duplicated() & (names != "") & (roles != "")
    add(
        duplicate,
        header["name"],
        lambda p: (
            f"{names.iloc[p]!r} with role {roles_written.iloc[p]!r} appears more than once (first on row "
            f"{first.iloc[p]}); expected one row per resource and role"
        ),
        "duplicate-resource",
    )
    fte_text = frame[header["fte"]]
    fte, bad_fte = parse_numbers(fte_text)
    bad_fte |= fte.isna() | (fte <= 0)
    add(
        bad_fte,
        header["fte"],
        lambda p: (
            f"FTE {fte_text.iloc[p]!r} is not allowed; expected a number above 0 "
            "(1 full time, 0,8 for 80 %, 5 for a team of five)"
        ),
        "bad-fte",
    )
    shares: dict[str, pd.Series] = {}
    for column, month in months.items():
        share, bad = _shares(frame[column])
        add(
            bad,
            str(column).strip(),
            lambda p, column=column: (
                f"availability {frame[column].iloc[p]!r} is not allowed; expected a percentage "
                "from 0 to 100 (50 or 50 % for half, 0 when away), or blank for 100 %"
            ),
            "bad-availability",
        )
        shares[month] = share
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row or 0))
    people = pd.DataFrame({"name": names, "role": roles, "fte": fte.astype(float), "row": rows})
    people = people.reset_index(drop=True)
    month_order = sorted(shares)
    availability = pd.DataFrame(
        {
            "name": np.repeat(names.to_numpy(), len(month_order)),
            "role": np.repeat(roles.to_numpy(), len(month_order)),
            "month": np.tile(np.array(month_order, dtype=object), len(frame)),
            "share": (
                np.column_stack([shares[m].to_numpy(dtype=float) for m in month_order]).ravel()
                if month_order
                else np.array([], dtype=float)
            ),
        },
        columns=list(AVAILABILITY_COLUMNS),
    )
    labels: dict[str, str] = {}
    for role, written in zip(roles, roles_written):
        labels.setdefault(role, written)
    return Resources(people[list(RESOURCE_COLUMNS)], availability, label, labels)


# ------------------------------------------------------------------------------------ capacity and load


def capacity_by_month(resources: Resources, months: list[str], days_per_month: float) -> pd.DataFrame:
    """Days each role can deliver each month: FTE x availability x days_per_month, summed over its resources.

    Every role of the file and every month asked for, in that order (CAPACITY_COLUMNS); a month the file has no
    column for counts everyone at 100 %.
    """
    people = resources.people[["name", "role", "fte"]]
    grid = people.merge(pd.DataFrame({"month": list(months)}, dtype=object), how="cross")
    grid = grid.merge(resources.availability, on=["name", "role", "month"], how="left")
    grid["days"] = grid["fte"] * grid["share"].fillna(1.0) * float(days_per_month)
    totals = grid.groupby(["role", "month"], sort=False)["days"].sum()
    return _grid(totals, resources.roles, months, "days")[list(CAPACITY_COLUMNS)]


def _grid(values: pd.Series, roles: list[str], months: list[str], name: str) -> pd.DataFrame:
    """A (role, month) series on the complete roles x months grid, zeros filled, rounded."""
    index = pd.MultiIndex.from_product([list(roles), list(months)], names=["role", "month"])
    full = values.reindex(index, fill_value=0.0).fillna(0.0).astype(float).round(DAYS_DECIMALS) + 0.0
    return full.rename(name).reset_index()


def load_by_month(effort: pd.DataFrame) -> pd.DataFrame:
    """Effort per item, role and quarter (EFFORT_COLUMNS) -> days per item, role and month (LOAD_COLUMNS).

    A quarter's days are spread evenly over its three months (30 days in 2027-Q1: 10 in each of January,
    February and March). Roles become role keys; rows for the same item, role and month are summed.
    """
    if effort.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c == "days" else object) for c in LOAD_COLUMNS})
    quarters = effort["quarter"].map(quarter_of)
    spread = pd.DataFrame(
        {
            "item_id": effort["item_id"].to_numpy(),
            "role": effort["role"].map(role_key).to_numpy(),
            "month": quarters.map(quarter_months).to_numpy(),
            "days": pd.to_numeric(effort["days"]).astype(float).to_numpy() / 3,
        }
    ).explode("month")
    load = spread.groupby(["item_id", "role", "month"], sort=False, as_index=False)["days"].sum()
    load["days"] = load["days"].round(DAYS_DECIMALS)
    return load.sort_values(["item_id", "role", "month"], kind="stable").reset_index(drop=True)[list(LOAD_COLUMNS)]


def _days(frame: pd.DataFrame | None) -> pd.Series:
    """Days per (role key, month) of a load frame (or of any frame with role, month and days)."""
    if frame is None or frame.empty:
        return pd.Series(dtype=float, index=pd.MultiIndex.from_tuples([], names=["role", "month"]))
    keyed = pd.DataFrame({"role": frame["role"].map(role_key), "month": frame["month"], "days": frame["days"]})
    return keyed.groupby(["role", "month"])["days"].sum()


def balance(
    capacity: pd.DataFrame,
    committed: pd.DataFrame | None,
    candidates: pd.DataFrame | None,
    months: list[str],
    roles: list[str],
) -> pd.DataFrame:
    """Capacity against load per role and month, on the complete roles x months grid (BALANCE_COLUMNS).

    capacity: CAPACITY_COLUMNS; committed (running projects, approved demands) and candidates (the demands
    considered, or a selection of them): LOAD_COLUMNS, or None for none. Load outside `roles` or `months` is
    left out (`unknown_roles` reports the first). load = committed + candidates; free = capacity - load
    (negative when overloaded); utilisation = load / capacity, infinite when load has no capacity, 0 when
    neither is there.
    """
    roles = list(dict.fromkeys(role_key(r) for r in roles))
    months = list(months)
    frame = _grid(_days(capacity), roles, months, "capacity")
    frame["committed"] = _grid(_days(committed), roles, months, "committed")["committed"].to_numpy()
    frame["candidates"] = _grid(_days(candidates), roles, months, "candidates")["candidates"].to_numpy()
    frame["load"] = (frame["committed"] + frame["candidates"]).round(DAYS_DECIMALS)
    frame["free"] = (frame["capacity"] - frame["load"]).round(DAYS_DECIMALS) + 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = frame["load"].to_numpy() / frame["capacity"].to_numpy()
    no_capacity = frame["capacity"].to_numpy() <= 0
    frame["utilisation"] = np.where(no_capacity, np.where(frame["load"].to_numpy() > 0, np.inf, 0.0), ratio)
    return frame[list(BALANCE_COLUMNS)]


def bottlenecks(balance: pd.DataFrame, threshold: float = 1.0) -> pd.DataFrame:
    """The roles whose utilisation exceeds `threshold` in at least one month, worst first (BOTTLENECK_COLUMNS).

    months_over: how many months; over_months: which (tuple, calendar order); peak_month and peak_utilisation:
    the worst month (the first of equals); overload_days: the days above threshold x capacity, summed over
    the months. Worst: most overload days, then highest peak, then role.
    """
    if balance.empty:
        return pd.DataFrame(columns=list(BOTTLENECK_COLUMNS))
    frame = balance.sort_values(["role", "month"], kind="stable").copy()
    # An overload is over the threshold by more than rounding: 100 % at threshold 1 is full, not over.
    frame["over"] = frame["utilisation"] > threshold + 1e-9
    frame["excess"] = (frame["load"] - threshold * frame["capacity"]).clip(lower=0).where(frame["over"], 0.0)
    grouped = frame.groupby("role", sort=False)
    peak = frame.loc[grouped["utilisation"].idxmax(), ["role", "month", "utilisation"]].set_index("role")
    result = pd.DataFrame(
        {
            "months_over": grouped["over"].sum().astype(int),
            "over_months": grouped.apply(lambda g: tuple(g.loc[g["over"], "month"]), include_groups=False),
            "peak_month": peak["month"],
            "peak_utilisation": peak["utilisation"].astype(float),
            "overload_days": grouped["excess"].sum().round(DAYS_DECIMALS),
        }
    ).reset_index(names="role")
    result = result[result["months_over"] > 0]
    result = result.sort_values(
        ["overload_days", "peak_utilisation", "role"], ascending=[False, False, True], kind="stable"
    )
    return result.reset_index(drop=True)[list(BOTTLENECK_COLUMNS)]


def capacity_by_quarter(capacity_by_month: pd.DataFrame) -> pd.DataFrame:
    """Days per role and quarter (QUARTER_CAPACITY_COLUMNS), the sum of the quarter's months present.

    The selection's constraint keys are (role, quarter); a quarter only partly covered by the months asked for
    counts only those months.
    """
    frame = capacity_by_month.assign(quarter=capacity_by_month["month"].map(month_quarter))
    totals = frame.groupby(["role", "quarter"], sort=False, as_index=False)["days"].sum()
    totals["days"] = totals["days"].round(DAYS_DECIMALS)
    return totals[list(QUARTER_CAPACITY_COLUMNS)]


# --------------------------------------------------------------------------------------------- checking


def unknown_roles(
    effort: pd.DataFrame,
    roles: Iterable[str] | Mapping[str, str],
    language: str = "fr",
) -> list[Problem]:
    """One problem per effort row whose role no resource has: its load could never be delivered.

    roles: the role keys of the capacity file, or a mapping key -> label (Resources.role_labels), whose labels
    the message lists. The problem names the effort's `source` file, `sheet` and `row`, and its `role_column` as
    the file heads it (rôle/role when the frame does not say).
    """
    labels = dict(roles) if isinstance(roles, Mapping) else {role_key(r): role_label(r) for r in roles}
    known = ", ".join(labels.values()) or "none"
    column = "rôle" if language == "fr" else "role"
    if effort.empty:
        return []
    keys = effort["role"].map(role_key)
    problems = []
    for record, key in zip(effort.to_dict("records"), keys):
        if key in labels:
            continue
        written = role_label(record["role"])
        row = record.get("row")
        problems.append(
            Problem(
                str(record.get("source") or ""),
                (f"role {written!r} has no capacity in the resources file" if written else "role is empty")
                + f"; expected one of {known}",
                row=None if row is None or (isinstance(row, float) and math.isnan(row)) else int(row),
                column=record.get("role_column") or column,
                code="unknown-role",
                sheet=record.get("sheet") or None,
            )
        )
    return problems
