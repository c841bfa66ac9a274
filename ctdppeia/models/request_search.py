"""On SQLite, an index for the request search: text found anywhere in a title or a requester.

SQLite answers ``LIKE '%word%'`` by reading every request. This FTS5 table with the trigram
tokenizer indexes every run of three characters of the two columns, so a phrase of three or
more characters finds the requests that contain it without reading the others. It holds no
copy of the text (``content='data_request'``): the triggers below keep it in step with every
insert, change and deletion of a request. PostgreSQL has trigram indexes of its own
(``ix_data_request_*_search``) and none of this.

The table finds candidates only: it folds case beyond ASCII, which SQLite's ``lower()`` and
``LIKE`` do not, so the search keeps its ``LIKE`` on the candidates and its results are
exactly those of ``LIKE`` alone (`ctdppeia.requests.services.search`).
"""

from sqlalchemy import DDL, Integer, Select, Table, column, event, select, table

NAME = "data_request_search"
SHORTEST = 3  # characters: a shorter text has no run of three to look up

# Written out in full: the migration `sq23c0de0002` runs the same SQL.
_ADD = (
    "INSERT INTO data_request_search (rowid, title, requesting_org) "
    "VALUES (new.id, new.title, new.requesting_org);"
)
_REMOVE = (
    "INSERT INTO data_request_search (data_request_search, rowid, title, requesting_org) "
    "VALUES ('delete', old.id, old.title, old.requesting_org);"
)
CREATE = [
    "CREATE VIRTUAL TABLE data_request_search USING fts5(title, requesting_org, "
    "content='data_request', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER data_request_search_added AFTER INSERT ON data_request BEGIN {_ADD} END",
    f"CREATE TRIGGER data_request_search_removed AFTER DELETE ON data_request BEGIN {_REMOVE} END",
    "CREATE TRIGGER data_request_search_changed AFTER UPDATE OF title, requesting_org "
    f"ON data_request BEGIN {_REMOVE} {_ADD} END",
]
DROP = f"DROP TABLE IF EXISTS {NAME}"  # the triggers go with data_request

_index = table(NAME, column("rowid", Integer), column(NAME))


def phrase(text: str) -> str:
    """`text` as one FTS5 phrase: every character as itself (a double quote doubled)."""
    return '"' + text.replace('"', '""') + '"'


def candidates(text: str) -> Select[tuple[int]]:
    """The ids of the requests whose title or requester may contain `text` (a superset)."""
    return select(_index.c.rowid).where(_index.c[NAME].op("MATCH")(phrase(text)))


def mapped(name: str | None, type_: str, _parents: object = None) -> bool:
    """False for the index and FTS5's own tables behind it, which no model maps: for
    Alembic's ``include_name``, so a comparison with the models passes them over."""
    ours = name is not None and (name == NAME or name.startswith(f"{NAME}_"))
    return not (type_ == "table" and ours)


def attach(data_request: Table) -> None:
    """Create the index with the table (``create_all``, tests) and drop it before the table."""
    for sql in CREATE:
        event.listen(data_request, "after_create", DDL(sql).execute_if(dialect="sqlite"))
    event.listen(data_request, "before_drop", DDL(DROP).execute_if(dialect="sqlite"))
