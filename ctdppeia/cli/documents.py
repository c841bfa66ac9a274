"""`export-pdf` and `verify-pdf`: a review's PDF to a file, and the check of a PDF file."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from ctdppeia.documents.checking import check_pdf
from ctdppeia.documents.services import NoSignedPdf, review_pdf
from ctdppeia.documents.wording import as_text, explain
from ctdppeia.extensions import db
from ctdppeia.models import Review


@click.command("export-pdf")
@click.argument("review_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_pdf_command(review_id: int, out: Path) -> None:
    """Write the PDF of review REVIEW_ID to OUT: the stored signed PDF of a locked review,
    else an unsigned preview marked DRAFT."""
    review = db.session.get(Review, review_id)
    if review is None:
        raise click.ClickException(f"There is no review {review_id}.")
    try:
        download = review_pdf(review)
    except NoSignedPdf as missing:
        raise click.ClickException(str(missing)) from missing
    out.write_bytes(download.data)
    if download.signed:
        click.echo(f"Wrote the signed PDF of review {review_id} (locked) to {out}.")
    else:
        click.echo(
            f"Review {review_id} is not locked yet: wrote an unsigned preview marked DRAFT "
            f"to {out}."
        )


@click.command("verify-pdf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_pdf_command(file: Path) -> None:
    """Check the signatures of a review PDF and look up its review in this database.

    Exits with 0 only when the file has at least one signature and every signature is intact
    and made with this installation's certificate; otherwise with 1.
    """
    explained = explain(check_pdf(file.read_bytes()))
    click.echo(as_text(explained))
    raise SystemExit(0 if explained.ok else 1)
