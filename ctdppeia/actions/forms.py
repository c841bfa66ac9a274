"""The action form: what will be done, who owns it, by when, its status and its evidence."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from ctdppeia import limits
from ctdppeia.actions import checks
from ctdppeia.actions.services import ActionInput
from ctdppeia.formtools import CleanForm, MaxLength, select_choices, strip
from ctdppeia.models import ACTION_STATUSES, User
from ctdppeia.models.timestamps import utcnow

STATUS_WORDS = {
    "planned": _l("Planned"),
    "in-progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}


class ActionForm(CleanForm):
    title = TextAreaField(
        _l("What will be done"),
        validators=[DataRequired(_l("Say what will be done.")), MaxLength(limits.ACTION_TITLE)],
        filters=[strip],
    )
    owner_user_id = SelectField(
        _l("Owner: a person"), validators=[Optional()], description=_l("Or name an office below.")
    )
    owner_name = StringField(
        _l("Owner: an office"),
        validators=[MaxLength(limits.ACTION_OWNER)],
        filters=[strip],
        description=_l("For example: the Data Office."),
    )
    due_on = DateField(
        _l("Due by"),
        validators=[InputRequired(_l("Give a due date, for example 2027-03-31."))],
        description=_l("For example 2027-03-31."),
    )
    status = RadioField(
        _l("Status"),
        choices=select_choices((key, STATUS_WORDS[key]) for key in ACTION_STATUSES),
        default="planned",
        validators=[InputRequired(_l("Choose a status."))],
    )
    drop_reason = TextAreaField(
        _l("Why it was dropped"),
        validators=[MaxLength(limits.ACTION_DROP_REASON)],
        filters=[strip],
        description=_l("Needed when the status is Dropped."),
    )
    evidence = TextAreaField(
        _l("Evidence"),
        validators=[MaxLength(limits.ACTION_EVIDENCE)],
        filters=[strip],
        description=_l("What shows the action is done."),
    )
    evidence_url = StringField(
        _l("Link to the evidence"),
        validators=[MaxLength(limits.ACTION_LINK)],
        filters=[strip],
        description=_l("A web address that starts with https://."),
    )
    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(1, limits.MAX_ID)]
    )

    def set_owners(self, owners: list[User]) -> None:
        """Offer the agency's reviewers and approvers as owners."""
        people = [(str(user.id), user.name) for user in owners]
        self.owner_user_id.choices = select_choices([("", str(_l("No one person"))), *people])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        checked = [self._owner_checked(), self._drop_checked(), self._link_checked()]
        return valid and all(checked) and self._due_checked()

    def _add(self, field: Any, message: str) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _owner_checked(self) -> bool:
        person, office = bool(self.owner_user_id.data), bool(self.owner_name.data)
        if person and office:
            return self._add(self.owner_name, str(_l("Choose a person or an office, not both.")))
        if not person and not office:
            return self._add(self.owner_user_id, str(_l("Choose a person or name an office.")))
        return True

    def _drop_checked(self) -> bool:
        if self.status.data == "dropped" and not self.drop_reason.data:
            return self._add(self.drop_reason, str(_l("Say why the action was dropped.")))
        return True

    def _link_checked(self) -> bool:
        if self.evidence_url.errors or not checks.link_problem(self.evidence_url.data or ""):
            return True
        return self._add(
            self.evidence_url, str(_l("Give a web address that starts with http:// or https://."))
        )

    def _due_checked(self) -> bool:
        if self.due_on.data is None or not checks.due_problem(self.due_on.data, utcnow().date()):
            return True
        return self._add(self.due_on, str(_l("Give a due date within 10 years.")))

    def action_input(self) -> ActionInput:
        person = self.owner_user_id.data
        return ActionInput(
            title=self.title.data or "",
            owner_user_id=int(person) if person else None,
            owner_name=self.owner_name.data or "",
            due_on=self.due_on.data,  # type: ignore[arg-type]  # validate() required it
            status=self.status.data or "planned",
            drop_reason=self.drop_reason.data or "",
            evidence=self.evidence.data or "",
            evidence_url=self.evidence_url.data or "",
        )

    def show(self, given: ActionInput) -> None:
        """Put values into the posted form (the fields others saved, after a refused save)."""
        for name in ("title", "owner_name", "status", "drop_reason", "evidence", "evidence_url"):
            self[name].data, self[name].raw_data = getattr(given, name), None
        self.owner_user_id.data = str(given.owner_user_id or "")
        self.owner_user_id.raw_data = None
        self.due_on.data, self.due_on.raw_data = given.due_on, None
