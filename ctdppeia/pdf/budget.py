"""How much of a PDF the check will examine, counted before any signature is validated.

pyHanko validates each signature against every later revision of the file and compares the
form fields of each: the work grows faster than the number of fields, so a small file with one
signature and a thousand fields pointing at it took minutes. A review PDF has two signature
fields and four revisions. The count here reads only the revisions' cross-reference tables and
each revision's form-field tree (``/AcroForm /Fields`` and every ``/Kids`` below it, widgets
included), and stops as soon as a cap is passed, so a file over budget is refused at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader


@dataclass(frozen=True)
class Budget:
    """The most form fields (in any one revision) and revisions a file may hold to be checked."""

    fields: int = 10
    revisions: int = 10


def over_budget(reader: PdfFileReader, budget: Budget) -> str | None:
    """Why the file is over ``budget``, in words, or None when it may be checked."""
    revisions = reader.xrefs.total_revisions
    if revisions > budget.revisions:
        return f"{revisions} revisions (at most {budget.revisions} are checked)"
    for revision in range(revisions):
        root = reader.get_historical_root(revision)
        if count_fields(root, budget.fields + 1) > budget.fields:
            return (
                f"more than {budget.fields} form fields in revision {revision + 1} "
                f"(at most {budget.fields} are checked)"
            )
    return None


def count_fields(root: Any, limit: int) -> int:
    """The form fields and widgets under ``root``'s ``/AcroForm``, however nested under
    ``/Kids``; the count stops at ``limit``. Every entry counts, so a field listed twice
    counts twice and a loop of ``/Kids`` runs up to the limit."""
    fields = _resolved(lambda: root["/AcroForm"]["/Fields"])
    pending = _entries(fields, limit)
    count = 0
    while pending and count < limit:
        node = _resolved(pending.pop().get_object)
        if not isinstance(node, generic.DictionaryObject):
            continue
        count += 1
        pending.extend(_entries(_resolved(lambda node=node: node["/Kids"]), limit))
    return count


def _entries(array: Any, limit: int) -> list[Any]:
    """The raw (unresolved) entries of ``array``, at most ``limit`` of them."""
    if not isinstance(array, generic.ArrayObject):
        return []
    return [array.raw_get(index) for index in range(min(len(array), limit))]


def _resolved(getter: Any) -> Any:
    try:
        return getter()
    except MemoryError:
        raise
    except Exception:  # a missing or damaged entry holds no fields
        return None
