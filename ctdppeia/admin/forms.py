"""Forms for managing accounts, and the filters of the account list."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ctdppeia import limits
from ctdppeia.admin import services
from ctdppeia.auth.passwords import NEW_PASSWORD_FIELD
from ctdppeia.formtools import (
    AlwaysSentCheckbox,
    CleanForm,
    MaxLength,
    SentWithThePage,
    select_choices,
    strip,
)
from ctdppeia.models import ROLE_LABELS, Role

PASSWORD_LENGTH = Length(
    min=services.MIN_PASSWORD_LENGTH,
    max=limits.PASSWORD,
    message=f"The password must be at least {services.MIN_PASSWORD_LENGTH} characters long.",
)

# Where a service's AccountError.field is shown when the form calls it something else.
FORM_FIELD = {"agency": "agency_id"}


def _optional_int(value: str | int | None) -> int | None:
    """Coerce a select's value to an int; the empty 'Choose …' option becomes None."""
    if value in (None, ""):
        return None
    return int(value)


class ServiceForm(CleanForm):
    """A form whose data goes to the account services, which may refuse it."""

    def show_error(self, error: services.AccountError) -> None:
        """Put a service's refusal beside the field it is about, or above the form."""
        name = FORM_FIELD.get(error.field or "", error.field or "")
        field = self._fields.get(name)
        if field is None:
            self.form_errors.append(str(error))
        else:
            field.errors = [*field.errors, str(error)]


class AccountForm(ServiceForm):
    """What every account has: name, role, agency and subcommittee membership."""

    name = StringField(
        "Full name",
        validators=[
            DataRequired("Enter the person's full name."),
            MaxLength(limits.NAME),
        ],
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    role = SelectField(
        "Role",
        validators=[DataRequired("Choose a role.")],
        description="The role decides which pages the person can see and what they can do.",
    )
    agency_id = SelectField(
        "Agency",
        coerce=_optional_int,
        validators=[DataRequired("Choose the person's agency.")],
    )
    high_risk_subcommittee = BooleanField(
        "Member of the AI High-Risk Use Case Subcommittee",
        description="Only for AI reviewers who decide high-risk AI use cases.",
        widget=AlwaysSentCheckbox(),
    )
    ai_chair = BooleanField(
        "Chair of the AI advisory group",
        description="Only for AI reviewers. A chair records the group's decision.",
        widget=AlwaysSentCheckbox(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        roles = [(role.value, label) for role, label in ROLE_LABELS.items()]
        self.role.choices = select_choices([("", "Choose a role"), *roles])
        agencies = [(a.id, f"{a.code} — {a.name}") for a in services.all_agencies()]
        self.agency_id.choices = select_choices([("", "Choose an agency"), *agencies])

    def validate_high_risk_subcommittee(self, field: BooleanField) -> None:
        if field.data and self.role.data != Role.AI_REVIEWER.value:
            raise ValidationError("Only AI reviewers can be members of the subcommittee.")

    def validate_ai_chair(self, field: BooleanField) -> None:
        if field.data and self.role.data != Role.AI_REVIEWER.value:
            raise ValidationError("Only AI reviewers can chair the AI advisory group.")

    def account_fields(self) -> dict[str, Any]:
        """The values for services.create_user / update_user (agency looked up by id)."""
        return {
            "name": self.name.data or "",
            "role": Role(self.role.data),
            "agency": services.agency_by_id(self.agency_id.data or 0),
            "high_risk_subcommittee": bool(self.high_risk_subcommittee.data),
            "ai_chair": bool(self.ai_chair.data),
        }


class NewUserForm(AccountForm):
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter the person's email address."),
            Email("Enter a valid email address, like name@ct.gov."),
            MaxLength(limits.EMAIL),
        ],
        description="The person signs in with this address.",
        filters=[strip],
        render_kw={"autocomplete": "off"},
    )
    password = PasswordField(
        "Initial password",
        validators=[Optional(), PASSWORD_LENGTH],
        description=(
            f"At least {services.MIN_PASSWORD_LENGTH} characters, not a common password or a "
            "pattern like aaaa or 1234. "
            "Leave it empty and we will make one up and show it to you once."
        ),
        render_kw=NEW_PASSWORD_FIELD,
    )
    submit = SubmitField("Create the account")


class EditUserForm(AccountForm):
    active = BooleanField(
        "The account is active",
        description="Untick to deactivate: the person can no longer sign in. Their history stays.",
        widget=AlwaysSentCheckbox(),
    )
    submit = SubmitField("Save changes")

    # A box the request does not hold never means "off" here: it would deactivate the account
    # or end a membership (a new account has no state to lose, so its form is not checked).
    BOXES = ("active", "high_risk_subcommittee", "ai_chair")

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        sent = {name: [SentWithThePage()] for name in self.BOXES}
        return super().validate(extra_validators={**(extra_validators or {}), **sent})


class ResetPasswordForm(ServiceForm):
    password = PasswordField(
        "New password",
        validators=[Optional(), PASSWORD_LENGTH],
        description=(
            f"At least {services.MIN_PASSWORD_LENGTH} characters, not a common password or a "
            "pattern like aaaa or 1234. "
            "Leave it empty and we will make one up and show it to you once."
        ),
        render_kw=NEW_PASSWORD_FIELD,
    )
    submit = SubmitField("Reset the password")


@dataclass(frozen=True)
class UserFilters:
    """The filters of the account list, read from the query string; None means any."""

    role: Role | None = None
    agency_id: int | None = None
    status: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "UserFilters":
        role = args.get("role", "")
        agency = args.get("agency", "")
        status = args.get("status", "")
        return cls(
            role=Role(role) if role in Role._value2member_map_ else None,
            agency_id=int(agency) if agency.isdigit() else None,
            status=status if status in STATUS_FILTERS else "",
        )

    @property
    def active(self) -> bool | None:
        return {"active": True, "inactive": False}.get(self.status)

    @property
    def any(self) -> bool:
        return self.role is not None or self.agency_id is not None or bool(self.status)


STATUS_FILTERS = {"active": "Active only", "inactive": "Deactivated only"}
