"""The comment period in words, in the language of the page: "6 days left to comment. Closes
on December 10, 2026" or "Quedan 6 días para comentar. Se cierra el 10 de diciembre de 2026"."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from ctdppeia.board import period
from ctdppeia.i18n import format_day


def time_left(opens_on: date, closes_on: date, now: date) -> str:
    """How long until the period opens or closes, in words."""
    state = period.state(opens_on, closes_on, now)
    if state == "soon":
        days, day = (opens_on - now).days, format_day(opens_on)
        return ngettext(
            "Opens in %(num)s day, on %(date)s",
            "Opens in %(num)s days, on %(date)s",
            days,
            date=day,
        )
    if state == "closed":
        return _("Closed on %(date)s", date=format_day(closes_on))
    left, day = (closes_on - now).days, format_day(closes_on)
    if left == 0:
        return _("Last day to comment: today")
    return ngettext(
        "%(num)s day left to comment. Closes on %(date)s",
        "%(num)s days left to comment. Closes on %(date)s",
        left,
        date=day,
    )
