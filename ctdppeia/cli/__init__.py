"""Flask commands: `flask --app ctdppeia <command>`."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ctdppeia.cli.audit import audit_cli
    from ctdppeia.cli.backup import export_command, import_command
    from ctdppeia.cli.demo import seed_demo_command
    from ctdppeia.cli.disparity import disparity_command
    from ctdppeia.cli.documents import export_pdf_command, verify_pdf_command
    from ctdppeia.cli.mail import mail_cli
    from ctdppeia.cli.questionnaires import questionnaires_cli
    from ctdppeia.cli.reviews import reviews_cli
    from ctdppeia.cli.scale import seed_scale_command
    from ctdppeia.cli.signing import signing_cli
    from ctdppeia.cli.users import (
        create_user_command,
        seed_agencies_command,
        set_user_command,
    )

    for command in (
        create_user_command,
        set_user_command,
        seed_agencies_command,
        seed_demo_command,
        seed_scale_command,
        disparity_command,
        export_pdf_command,
        verify_pdf_command,
        questionnaires_cli,
        reviews_cli,
        audit_cli,
        export_command,
        import_command,
        mail_cli,
        signing_cli,
    ):
        app.cli.add_command(command)
    from ctdppeia.audit_chain import verify_job
    from ctdppeia.jobs import register_periodic

    register_periodic(app, "audit-verify", verify_job, "check the audit log's hash chain")
