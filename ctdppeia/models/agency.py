"""State agencies: every user belongs to one, and requests name the ones holding the data."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ctdppeia.extensions import Model

EXECUTIVE_AGENCIES: tuple[tuple[str, str], ...] = (
    ("OPM", "Office of Policy and Management"),
    ("DSS", "Department of Social Services"),
    ("OHS", "Office of Health Strategy"),
    ("DPH", "Department of Public Health"),
    ("DCF", "Department of Children and Families"),
    ("DOC", "Department of Correction"),
    ("DMHAS", "Department of Mental Health and Addiction Services"),
    ("SDE", "State Department of Education"),
    ("OEC", "Office of Early Childhood"),
    ("OHE", "Office of Higher Education"),
    ("DOL", "Department of Labor"),
    ("DAS", "Department of Administrative Services"),
    ("DECD", "Department of Economic and Community Development"),
    ("DEEP", "Department of Energy and Environmental Protection"),
    ("DOT", "Department of Transportation"),
    ("DRS", "Department of Revenue Services"),
    ("DCP", "Department of Consumer Protection"),
    ("ADS", "Department of Aging and Disability Services"),
    ("DOH", "Department of Housing"),
    ("CETCS", "Connecticut Technical Education and Career System"),
    ("OWS", "Office of Workforce Strategy"),
)


class Agency(Model):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
