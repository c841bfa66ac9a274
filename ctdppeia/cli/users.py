"""Shell commands for accounts and agencies."""

import click
from flask.cli import with_appcontext
from flask_babel import ngettext

from ctdppeia.admin import services
from ctdppeia.models import Role, User


@click.command("seed-agencies")
@with_appcontext
def seed_agencies_command() -> None:
    """Add the executive-branch agencies that are missing."""
    added = services.seed_agencies()
    click.echo(ngettext("Added %(num)s agency.", "Added %(num)s agencies.", added))


@click.command("create-user")
@click.option("--email", required=True, help="Sign-in email address.")
@click.option("--name", required=True, help="Full name, as shown to others.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--agency", "agency_code", required=True, help="Agency code, e.g. DSS.")
@click.option(
    "--subcommittee", is_flag=True, help="Member of the AI High-Risk Use Case Subcommittee."
)
@click.option("--chair", is_flag=True, help="A chair of the AI advisory group.")
@click.password_option(
    "--password",
    prompt="Password (leave empty to generate one)",
    default="",
    show_default=False,
    help="At least 12 characters, not common; generated and printed when empty.",
)
@with_appcontext
def create_user_command(
    email: str,
    name: str,
    role: str,
    agency_code: str,
    subcommittee: bool,
    chair: bool,
    password: str,
) -> None:
    """Create an account."""
    services.seed_agencies()
    generated = not password
    password = password or services.new_password()
    try:
        agency = services.agency_by_code(agency_code)
        user = services.create_user(
            None,
            email=email,
            name=name,
            role=Role(role),
            agency=agency,
            password=password,
            high_risk_subcommittee=subcommittee,
            ai_chair=chair,
            must_change_password=generated,  # seen by the operator: its owner changes it
        )
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} ({user.role_label}, {agency.code}).")
    if generated:
        click.echo(f"Password (shown once): {password}")


@click.command("set-user")
@click.argument("email")
@click.option("--name", help="New full name.")
@click.option("--role", type=click.Choice([r.value for r in Role]), help="New role.")
@click.option("--agency", "agency_code", help="New agency code, e.g. DSS.")
@click.option(
    "--active/--inactive",
    default=None,
    help="Reactivate the account, or deactivate it (the person can no longer sign in).",
)
@click.option(
    "--subcommittee/--no-subcommittee",
    default=None,
    help="Add to or remove from the AI High-Risk Use Case Subcommittee.",
)
@click.option(
    "--chair/--no-chair",
    default=None,
    help="Make a chair of the AI advisory group, or no longer a chair.",
)
@click.option(
    "--reset-password",
    is_flag=True,
    help="Make up a new password and print it once.",
)
@click.option(
    "--set-password",
    is_flag=True,
    help="Ask for a new password (typed twice, not shown; at least 12 characters).",
)
@with_appcontext
def set_user_command(
    email: str,
    name: str | None,
    role: str | None,
    agency_code: str | None,
    active: bool | None,
    subcommittee: bool | None,
    chair: bool | None,
    reset_password: bool,
    set_password: bool,
) -> None:
    """Change the account with this EMAIL address: what the admin pages can change.

    Only the options you give are changed. Examples:

    \b
      flask --app ctdppeia set-user ana@ct.gov --role approver --agency DSS
      flask --app ctdppeia set-user ana@ct.gov --inactive
      flask --app ctdppeia set-user ana@ct.gov --reset-password
    """
    if reset_password and set_password:
        raise click.UsageError("Use either --reset-password or --set-password, not both.")
    wanted = (name, role, agency_code, active, subcommittee, chair)
    if all(value is None for value in wanted) and not (reset_password or set_password):
        raise click.UsageError("Nothing to change: give at least one option (see --help).")
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"There is no account with the email address {email}.")
    password = _new_password(reset_password, set_password)
    try:
        if password is not None:
            services.check_password_strength(password)
        flags = (subcommittee, chair)
        changes = _update(user, name, role, agency_code, active, flags)
        if password is not None:
            # a generated password was seen by the operator: its owner must change it
            services.reset_password(None, user, password, must_change_password=reset_password)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    _report(user.email, changes, password if reset_password else None, set_password)


def _new_password(reset: bool, ask: bool) -> str | None:
    if ask:
        return click.prompt("New password", hide_input=True, confirmation_prompt=True)
    return services.new_password() if reset else None


def _update(
    user: User,
    name: str | None,
    role: str | None,
    agency_code: str | None,
    active: bool | None,
    flags: tuple[bool | None, bool | None],
) -> dict[str, tuple[object, object]]:
    """Apply the given options over the account's current values (flags: subcommittee,
    chair)."""
    subcommittee, chair = flags
    if all(value is None for value in (name, role, agency_code, active, subcommittee, chair)):
        return {}
    return services.update_user(
        None,
        user,
        name=user.name if name is None else name,
        role=user.role if role is None else Role(role),
        agency=user.agency if agency_code is None else services.agency_by_code(agency_code),
        active=user.active if active is None else active,
        high_risk_subcommittee=(
            user.high_risk_subcommittee if subcommittee is None else subcommittee
        ),
        ai_chair=user.ai_chair if chair is None else chair,
    )


def _report(
    email: str, changes: dict[str, tuple[object, object]], shown: str | None, typed: bool
) -> None:
    for field, (old, new) in changes.items():
        click.echo(f"{email}: {field} {old} -> {new}")
    if not changes and not (shown or typed):
        click.echo(f"{email}: nothing changed.")
    if typed:
        click.echo(f"{email}: the password was changed.")
    if shown:
        click.echo(f"New password for {email} (shown once): {shown}")
