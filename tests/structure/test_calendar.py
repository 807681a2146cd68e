"""Meeting dates from cadence rules (computed by hand), and the .ics read back with the same events."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from governance.core.problems import InputError
from governance.example.governance import valmont_governance
from governance.structure.calendar import (
    build_ics,
    cadence_text,
    calendar_rows,
    check_timezone,
    meeting_dates,
    nth_weekday,
    parse_start_month,
    vtimezone,
    window,
)
from governance.structure.model import Cadence, parse_governance

FIRST, END = window(date(2027, 1, 1))


@pytest.mark.parametrize(
    "year, month, weekday, ordinal, expected",
    [
        (2027, 1, 1, 1, date(2027, 1, 5)),  # first Tuesday of January 2027
        (2027, 1, 4, 1, date(2027, 1, 1)),  # first Friday is the 1st
        (2027, 3, 3, 3, date(2027, 3, 18)),  # third Thursday
        (2027, 3, 6, -1, date(2027, 3, 28)),  # last Sunday of March (clocks change)
        (2027, 2, 0, 4, date(2027, 2, 22)),  # fourth Monday
        (2027, 10, 6, -1, date(2027, 10, 31)),
    ],
)
def test_nth_weekday(year, month, weekday, ordinal, expected):
    assert nth_weekday(year, month, weekday, ordinal) == expected


def cadence(**values) -> Cadence:
    return Cadence(**{"time": "09:00", "duration_minutes": 60, **values})


def test_monthly_dates():
    dates = meeting_dates(cadence(frequency="monthly", rule="second tuesday"), FIRST, END)
    assert len(dates) == 12 and dates[:3] == [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9)]
    assert dates[-1] == date(2027, 12, 14)


def test_weekly_dates():
    dates = meeting_dates(cadence(frequency="weekly", rule="monday"), FIRST, END)
    assert dates[0] == date(2027, 1, 4) and dates[-1] == date(2027, 12, 27) and len(dates) == 52


def test_biweekly_fortnight_does_not_shift_with_the_window():
    rule = cadence(frequency="biweekly", rule="wednesday")
    from_january = meeting_dates(rule, FIRST, END)
    from_february = meeting_dates(rule, *window(date(2027, 2, 1)))
    # Even weeks counted from Monday 5 January 2026: 2027-01-06 is 52 weeks later.
    assert from_january[:2] == [date(2027, 1, 6), date(2027, 1, 20)]
    assert from_february[0] == date(2027, 2, 3) and from_february[0] in from_january
    anchored = meeting_dates(cadence(frequency="biweekly", rule="wednesday", reference_date="2027-01-13"), FIRST, END)
    assert anchored[0] == date(2027, 1, 13)


def test_quarterly_dates_in_the_given_months():
    dates = meeting_dates(cadence(frequency="quarterly", rule="last friday", months=[3, 6, 9, 12]), FIRST, END)
    assert dates == [date(2027, 3, 26), date(2027, 6, 25), date(2027, 9, 24), date(2027, 12, 31)]
    default = meeting_dates(cadence(frequency="quarterly", rule="first monday"), FIRST, END)
    assert [d.month for d in default] == [1, 4, 7, 10]


def test_cadence_in_words():
    rule = cadence(frequency="monthly", rule="first tuesday", duration_minutes=120)
    assert cadence_text(rule, "fr") == "Chaque mois, le premier mardi à 09:00 (120 min)"
    assert cadence_text(rule, "en") == "Monthly, on the first Tuesday at 09:00 (120 min)"
    assert (
        cadence_text(cadence(frequency="biweekly", rule="wednesday"), "fr")
        == "Toutes les deux semaines, le mercredi à 09:00 (60 min)"
    )


@pytest.fixture(scope="module")
def model():
    return parse_governance(valmont_governance())


def expand(event) -> list[datetime]:
    return list(rrulestr(event["rrule"].to_ical().decode(), dtstart=event.decoded("dtstart")))


@pytest.mark.parametrize("zone", ["Europe/Paris", "America/New_York"])
def test_ics_parses_back_with_the_same_events(model, zone):
    data = build_ics(
        model,
        language="fr",
        tz_name=zone,
        first=FIRST,
        end=END,
        calendar_name="Gouvernance",
        uid_domain="valmont.pmo-kit",
        sequence=3,
    )
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [b.name.fr for b in model.bodies]
    for event, body in zip(events, model.bodies, strict=False):
        assert str(event["uid"]) == f"{body.id}@valmont.pmo-kit" and int(event["sequence"]) == 3
        start = event.decoded("dtstart")
        assert start.tzinfo is not None and event["dtstart"].params["TZID"] == zone
        assert start.strftime("%H:%M") == body.cadence.time
        assert event.decoded("dtend") - start == __import__("datetime").timedelta(minutes=body.cadence.duration_minutes)
        occurrences = expand(event)
        assert [o.date() for o in occurrences] == meeting_dates(body.cadence, FIRST, END)
        assert {o.strftime("%H:%M") for o in occurrences} == {body.cadence.time}  # same local time all year
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == zone
    tz = timezone.to_tz()
    offsets = {"Europe/Paris": (1, 2), "America/New_York": (-5, -4)}[zone]
    assert datetime(2027, 1, 15, 9, tzinfo=tz).utcoffset().total_seconds() / 3600 == offsets[0]
    assert datetime(2027, 7, 15, 9, tzinfo=tz).utcoffset().total_seconds() / 3600 == offsets[1]


def test_vtimezone_uses_yearly_rules_as_outlook_expects():
    text = vtimezone("Europe/Paris", FIRST, END).to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200" in text
    fixed = vtimezone("Asia/Kolkata", FIRST, END).to_ical().decode()
    assert "TZOFFSETTO:+0530" in fixed and "DAYLIGHT" not in fixed


def test_calendar_rows_list_every_month(model):
    rows = calendar_rows(model, "fr", FIRST, END)
    assert [r["month"] for r in rows][:2] == ["Janvier 2027", "Février 2027"] and len(rows) == 12
    january = {m["body_id"]: m["days"] for m in rows[0]["meetings"]}
    assert january["portfolio_board"] == "mar. 12" and january["pmo_review"] == "lun. 4, 11, 18, 25"
    assert january["executive_board"] == "jeu. 21"
    assert "executive_board" not in {m["body_id"] for m in rows[1]["meetings"]}


def test_time_zone_and_start_month_errors():
    with pytest.raises(InputError, match="time zone 'Europe/Pariss' is unknown"):
        check_timezone("Europe/Pariss")
    assert parse_start_month(None, today=date(2026, 11, 21)) == date(2026, 12, 1)
    assert parse_start_month("2027-03") == date(2027, 3, 1)
    with pytest.raises(InputError, match="'mars' is not a month; expected YYYY-MM"):
        parse_start_month("mars")
