"""The governance calendar: meeting dates computed from each body's cadence, and the iCalendar file.

Dates are computed here directly from the rules (not by expanding the RRULE), so the .ics can be checked
against an independent computation. The .ics holds one recurring event per body (RRULE until the end of the
window), in the engagement's time zone, with a VTIMEZONE written with yearly rules as Outlook expects.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from governance.core.formatting import month_name
from governance.core.i18n import t, words
from governance.core.problems import InputError, Problem
from governance.structure.model import (
    BIWEEKLY_EPOCH,
    DEFAULT_QUARTER_MONTHS,
    ORDINALS,
    WEEKDAYS,
    Body,
    Cadence,
    GovernanceModel,
    parse_rule,
)

DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINAL_KEYS = {ordinal: word for word, ordinal in ORDINALS.items()}


def _calendar_words(language: str) -> dict:
    return words("structure", language)["calendar"]


def weekday_name(weekday: int, language: str) -> str:
    """0 -> 'lundi' / 'Monday'."""
    return _calendar_words(language)["weekdays"][WEEKDAYS[weekday]]


def ordinal_word(ordinal: int, language: str) -> str:
    """1 -> 'premier' / 'first'; -1 -> 'dernier' / 'last'."""
    return _calendar_words(language)["ordinals"][ORDINAL_KEYS[ordinal]]


WINDOW_MONTHS = 12


# ---------------------------------------------------------------- the window and the time zone


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_start_month(text: str | None, today: date | None = None) -> date:
    """'2027-01' -> 1 January 2027; None -> the first day of next month (a calendar is set up ahead)."""
    if not text:
        return add_months(today or date.today(), 1)
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise InputError(
            [
                Problem(
                    "--start", f"{text!r} is not a month; expected YYYY-MM, e.g. 2027-01", code="calendar-start-invalid"
                )
            ]
        ) from None


def window(start: date) -> tuple[date, date]:
    """[first day of the start month, the same day 12 months later)."""
    first = date(start.year, start.month, 1)
    return first, add_months(first, WINDOW_MONTHS)


def check_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            [
                Problem(
                    "pmo.yaml",
                    f"time zone {name!r} is unknown; expected an IANA name such as 'Europe/Paris'",
                    key="timezone",
                    code="timezone-unknown",
                )
            ]
        ) from None


# ---------------------------------------------------------------- dates from the rules


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The 1st..4th (or last, -1) `weekday` (0 = Monday) of a month."""
    if ordinal == -1:
        last = date(year, month, month_calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def meeting_dates(cadence: Cadence, first: date, end: date) -> list[date]:
    """Every meeting date in [first, end) for this cadence."""
    ordinal, weekday = parse_rule(cadence.frequency, cadence.rule)
    if cadence.frequency in ("weekly", "biweekly"):
        day = first + timedelta(days=(weekday - first.weekday()) % 7)
        step = 7
        if cadence.frequency == "biweekly":
            step = 14
            reference = _monday(cadence.reference_date or BIWEEKLY_EPOCH)
            if ((_monday(day) - reference).days // 7) % 2:
                day += timedelta(days=7)
        dates = []
        while day < end:
            dates.append(day)
            day += timedelta(days=step)
        return dates
    months = range(1, 13) if cadence.frequency == "monthly" else (cadence.months or DEFAULT_QUARTER_MONTHS)
    dates = []
    month = date(first.year, first.month, 1)
    while month < end:
        if month.month in months:
            day = nth_weekday(month.year, month.month, weekday, ordinal)
            if first <= day < end:
                dates.append(day)
        month = add_months(month, 1)
    return dates


def _clock(cadence: Cadence) -> time:
    hours, minutes = map(int, cadence.time.split(":"))
    return time(hours, minutes)


@dataclass(frozen=True)
class Meeting:
    body_id: str
    start: datetime  # aware, in the engagement's time zone
    end: datetime


def meetings(model: GovernanceModel, zone: ZoneInfo, first: date, end: date) -> list[Meeting]:
    result = []
    for body in model.bodies:
        for day in meeting_dates(body.cadence, first, end):
            start = datetime.combine(day, _clock(body.cadence), tzinfo=zone)
            result.append(Meeting(body.id, start, start + timedelta(minutes=body.cadence.duration_minutes)))
    return sorted(result, key=lambda m: (m.start, m.body_id))


def rrule_for(cadence: Cadence, until: datetime) -> dict:
    """The RRULE that generates the same dates as `meeting_dates` from the first meeting on."""
    ordinal, weekday = parse_rule(cadence.frequency, cadence.rule)
    rule: dict = {"freq": "weekly" if cadence.frequency in ("weekly", "biweekly") else "monthly"}
    if cadence.frequency == "biweekly":
        rule["interval"] = 2
    if cadence.frequency == "quarterly":
        rule["interval"] = 3  # the months are validated to be three apart
    rule["byday"] = DAY_CODES[weekday] if ordinal is None else f"{ordinal}{DAY_CODES[weekday]}"
    rule["until"] = until
    return rule


# ---------------------------------------------------------------- words


def cadence_text(cadence: Cadence, language: str) -> str:
    """'Chaque mois, le premier mardi à 09:00 (120 min)' / 'Monthly, on the first Tuesday at 09:00 (120 min)'."""
    ordinal, weekday = parse_rule(cadence.frequency, cadence.rule)
    day = weekday_name(weekday, language)
    months = ", ".join(month_name(m, language) for m in sorted(cadence.months or DEFAULT_QUARTER_MONTHS))
    minutes = f"({cadence.duration_minutes} min)"
    when = _calendar_words(language)["when"][cadence.frequency]
    if cadence.frequency == "quarterly":
        when = f"{when} ({months})"
    if ordinal is None:
        which = t(language, fr=f"le {day}", en=f"on {day}")
    else:
        which = t(
            language,
            fr=f"le {ordinal_word(ordinal, language)} {day}",
            en=f"on the {ordinal_word(ordinal, language)} {day}",
        )
    return t(
        language, fr=f"{when}, {which} à {cadence.time} {minutes}", en=f"{when}, {which} at {cadence.time} {minutes}"
    )


def month_label(day: date, language: str, sentence: bool = False) -> str:
    """'Janvier 2027' heading a table row; 'janvier 2027' inside a French sentence."""
    name = month_name(day.month, language)
    heading = name if sentence else t(language, fr=name.capitalize(), en=name)
    return f"{heading} {day.year}"


def calendar_rows(model: GovernanceModel, language: str, first: date, end: date) -> list[dict]:
    """One row per month: each body meeting that month with its days ('lun. 6, 13, 20, 27')."""
    by_body = {b.id: meeting_dates(b.cadence, first, end) for b in model.bodies}
    rows = []
    month = first
    while month < end:
        entries = []
        for body in model.bodies:
            days = [d for d in by_body[body.id] if (d.year, d.month) == (month.year, month.month)]
            if days:
                weekday = _calendar_words(language)["weekdays_short"][WEEKDAYS[days[0].weekday()]]
                entries.append(
                    {
                        "body": body.name(language),
                        "body_id": body.id,
                        "days": f"{weekday} {', '.join(str(d.day) for d in days)}",
                        "time": body.cadence.time,
                        "count": len(days),
                    }
                )
        rows.append({"month": month_label(month, language), "meetings": entries})
        month = add_months(month, 1)
    return rows


# ---------------------------------------------------------------- iCalendar


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset()


def _transitions(zone: ZoneInfo, first: date, last: date) -> list[tuple[datetime, timedelta, timedelta]]:
    """(UTC instant, offset before, offset after) of every change of UTC offset in [first, last]."""
    found = []
    day = datetime.combine(first, time(), tzinfo=UTC)
    stop = datetime.combine(last, time(), tzinfo=UTC)
    before = _offset(zone, day)
    while day < stop:
        following = day + timedelta(days=1)
        after = _offset(zone, following)
        if after != before:
            low, high = day, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(second=0, microsecond=0), before, after))
            before = after
        day = following
    return found


def _yearly_rule(onsets: list[datetime]) -> dict | None:
    """BYMONTH/BYDAY when every onset is the same nth (or last) weekday of the same month at the same time."""
    keys = set()
    for onset in onsets:
        length = month_calendar.monthrange(onset.year, onset.month)[1]
        ordinal = -1 if onset.day + 7 > length else (onset.day - 1) // 7 + 1
        keys.add((onset.month, onset.weekday(), ordinal, onset.time()))
    if len(keys) != 1:
        return None
    month, weekday, ordinal, _ = keys.pop()
    return {"freq": "yearly", "bymonth": month, "byday": f"{ordinal}{DAY_CODES[weekday]}"}


def vtimezone(name: str, first: date, end: date):
    """A VTIMEZONE for `name` covering the window: yearly rules when the zone has them, dated changes otherwise."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    zone = ZoneInfo(name)
    changes = _transitions(zone, date(first.year - 1, 1, 1), date(end.year + 1, 12, 31))
    component = Timezone()
    component.add("tzid", name)
    if not changes:
        offset = _offset(zone, datetime.combine(first, time(), tzinfo=UTC))
        standard = TimezoneStandard()
        standard.add("dtstart", datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", datetime.combine(first, time(12), tzinfo=zone).tzname())
        component.add_component(standard)
        return component
    groups: dict[bool, list] = {}
    for instant, before, after in changes:
        local_after = instant.astimezone(zone)
        groups.setdefault(bool(local_after.dst()), []).append((instant, before, after, local_after.tzname()))
    for daylight, items in sorted(groups.items()):
        onsets = [(instant + before).replace(tzinfo=None) for instant, before, _, _ in items]
        rule = _yearly_rule(onsets)
        if rule is None or len({(b, a, n) for _, b, a, n in items}) != 1:
            return Timezone.from_tzinfo(zone, tzid=name, first_date=first, last_date=end)
        _, before, after, tzname = items[0]
        observance = TimezoneDaylight() if daylight else TimezoneStandard()
        observance.add("dtstart", onsets[0])
        observance.add("rrule", rule)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        observance.add("tzname", tzname)
        component.add_component(observance)
    return component


def _description(body: Body, model: GovernanceModel, language: str) -> str:
    labels = _calendar_words(language)["description"]
    colon = t(language, fr=" : ", en=": ")
    roles = {r.id: r.name(language) for r in model.roles}
    lines = [body.purpose(language)] if body.purpose else []
    lines.append(labels["chair"] + colon + roles[body.chair])
    lines.append(labels["members"] + colon + ", ".join(roles[m] for m in body.members))
    lines.append(labels["quorum"] + colon + str(body.quorum))
    for key in ("inputs", "outputs"):
        items = getattr(body, key)(language)
        if items:
            lines.append(labels[key] + colon + "; ".join(items))
    if body.escalates_to:
        lines.append(labels["escalates"] + colon + model.body(body.escalates_to).name(language))
    return "\n".join(lines)


def build_ics(
    model: GovernanceModel,
    *,
    language: str,
    tz_name: str,
    first: date,
    end: date,
    calendar_name: str,
    uid_domain: str,
    sequence: int = 0,
) -> bytes:
    """One recurring event per body from its first meeting in the window until the window's end."""
    from icalendar import Calendar, Event

    zone = check_timezone(tz_name)
    ical = Calendar()
    ical.add("prodid", f"-//pmo-kit//governance calendar//{language.upper()}")
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("method", "PUBLISH")
    ical.add("x-wr-calname", calendar_name)
    ical.add("x-wr-timezone", tz_name)
    ical.add_component(vtimezone(tz_name, first, end))
    # UNTIL is in UTC when DTSTART has a time zone (RFC 5545): the last second of the window, local time.
    until = (datetime.combine(end, time(), tzinfo=zone) - timedelta(seconds=1)).astimezone(UTC)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for body in model.bodies:
        dates = meeting_dates(body.cadence, first, end)
        if not dates:
            continue
        start = datetime.combine(dates[0], _clock(body.cadence), tzinfo=zone)
        event = Event()
        # Stable per engagement and body: re-importing an updated calendar updates the same series.
        event.add("uid", f"{body.id}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("summary", body.name(language))
        event.add("description", _description(body, model, language))
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=body.cadence.duration_minutes))
        event.add("rrule", rrule_for(body.cadence, until))
        event.add("categories", ["PMO"])
        event.add("transp", "OPAQUE")
        ical.add_component(event)
    return ical.to_ical()


def cadence_short(cadence: Cadence, language: str) -> str:
    """'Mensuel · 1er mardi 09:00' / 'Monthly · 1st Tuesday 09:00': for diagrams and tables."""
    ordinal, weekday = parse_rule(cadence.frequency, cadence.rule)
    found = _calendar_words(language)
    day = weekday_name(weekday, language)
    which = day if ordinal is None else f"{found['ordinals_short'][ORDINAL_KEYS[ordinal]]} {day}"
    return f"{found['frequencies_short'][cadence.frequency]} · {which} {cadence.time}"
