"""The comment period in words, in the language of the page: "6 days left to comment. Closes
on December 10, 2026" or "Quedan 6 días para comentar. Se cierra el 10 de diciembre de 2026"."""

from datetime import date

from flask_babel import gettext as _

from ctdppeia.board import period
from ctdppeia.i18n import format_day


def time_left(opens_on: date, closes_on: date, now: date) -> str:
    """How long until the period opens or closes, in words."""
    state = period.state(opens_on, closes_on, now)
    if state == "soon":
        days, day = (opens_on - now).days, format_day(opens_on)
        if days == 1:
            return _("Opens in 1 day, on %(date)s", date=day)
        return _("Opens in %(count)s days, on %(date)s", count=days, date=day)
    if state == "closed":
        return _("Closed on %(date)s", date=format_day(closes_on))
    left, day = (closes_on - now).days, format_day(closes_on)
    if left == 0:
        return _("Last day to comment: today")
    if left == 1:
        return _("1 day left to comment. Closes on %(date)s", date=day)
    return _("%(count)s days left to comment. Closes on %(date)s", count=left, date=day)
