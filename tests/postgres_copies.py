"""This test process's PostgreSQL database, put back to a known state before each test.

Each kind of schema (``models``: ``create_all``; ``migrated``: the migrations) is built once as
a template database. Before a test, the process's database is checked against the template of
the kind the test needs, by a fingerprint of the schema: how many tables, columns, triggers,
functions and constraints it has, their newest object ids and the functions' text.

- When it matches, every table is emptied and the template's rows (the agencies, Alembic's
  version) and sequence positions are put back, in one transaction with the triggers off:
  a tenth of a second.
- When it does not (another kind, or a test changed the schema), the database is dropped and
  made anew from the template (``CREATE DATABASE ... TEMPLATE``: a second or two, as the
  server writes a checkpoint).

Rows are saved and put back with ``COPY``, byte for byte, so the audit chain's hashes still
verify. Emptying needs ``session_replication_role``, which a superuser may set (``postgres`` on
a development machine or in CI).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

FINGERPRINT = """
SELECT concat_ws(' ',
  (SELECT count(*) || ':' || max(oid::int8) || ':' || sum(relnatts) FROM pg_class
    WHERE relnamespace = 'public'::regnamespace),
  (SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped),
  (SELECT count(*) || ':' || max(t.oid::int8) || ':' || count(*) FILTER (WHERE t.tgenabled = 'D')
     FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = 'public'::regnamespace),
  (SELECT count(*) || ':' || max(oid::int8) || ':' || sum(hashtext(prosrc)) FROM pg_proc
    WHERE pronamespace = 'public'::regnamespace),
  (SELECT count(*) || ':' || max(oid::int8) FROM pg_constraint
    WHERE connamespace = 'public'::regnamespace))
"""


@dataclass(frozen=True)
class Rows:
    """Every row of a database of one kind, and where its sequences stood."""

    kind: str
    fingerprint: str
    tables: tuple[str, ...]
    data: dict[str, bytes]  # COPY text of each table that has rows
    sequences: dict[str, tuple[int | None, bool]]


def _connect(url: URL, autocommit: bool = False) -> psycopg.Connection[Any]:
    return psycopg.connect(
        host=url.host,
        port=url.port,
        user=url.username,
        password=url.password,
        dbname=url.database,
        autocommit=autocommit,
    )


def _drop(database: str) -> sql.Composable:
    # WITH (FORCE): a connection a test left open (a thread, a server it started) goes too.
    return sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))


def read_rows(connection: psycopg.Connection[Any], kind: str) -> Rows:
    fingerprint = connection.execute(FINGERPRINT).fetchone()
    tables = tuple(
        row[0]
        for row in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    )
    data = {}
    for table in tables:
        query = sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))
        with connection.cursor().copy(query) as copy:
            text = b"".join(bytes(chunk) for chunk in copy)
        if text:
            data[table] = text
    sequences = {
        name: (value, value is not None)
        for name, value in connection.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
    }
    connection.rollback()
    assert fingerprint is not None
    return Rows(kind, str(fingerprint[0]), tables, data, sequences)


def write_rows(connection: psycopg.Connection[Any], rows: Rows) -> None:
    """Empty every table and put ``rows`` back, in one transaction, triggers off."""
    connection.execute("SET LOCAL session_replication_role = replica")
    empty = sql.SQL("; ").join(
        sql.SQL("DELETE FROM {}").format(sql.Identifier(table)) for table in rows.tables
    )
    connection.execute(empty)
    for table, text in rows.data.items():
        query = sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
        with connection.cursor().copy(query) as copy:
            copy.write(text)
    if rows.sequences:
        positions = sql.SQL(", ").join(
            sql.SQL("setval({}, {}, {})").format(
                sql.Literal(name), sql.Literal(value or 1), sql.Literal(called)
            )
            for name, (value, called) in rows.sequences.items()
        )
        connection.execute(sql.SQL("SELECT ") + positions)
    connection.commit()


class PostgresCopies:
    """This process's database (the one TEST_DATABASE_URL names once ``use_worker_database``
    ran), its templates, and the database TEST_DATABASE_URL named at first, through which
    databases are made and dropped."""

    def __init__(self, worker_url: str, given_url: str) -> None:
        self._url = make_url(worker_url)
        self._given = make_url(given_url)
        self.database = str(self._url.database)
        self._templates: dict[str, Rows] = {}
        self._template_names: dict[str, str] = {}
        self._made: set[str] = set()
        self._kind: str | None = None

    def url_of(self, database: str) -> str:
        return self._url.set(database=database).render_as_string(hide_password=False)

    def _admin(self, *statements: sql.Composable) -> None:
        with _connect(self._given, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def copy_database(self, template: str, database: str) -> str:
        """``database`` made anew as a copy of ``template``; returns its URL."""
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
        self._admin(
            _drop(database), create.format(sql.Identifier(database), sql.Identifier(template))
        )
        self._made.add(database)
        return self.url_of(database)

    def build_template(self, kind: str, build: Callable[[str], None]) -> str:
        """The template database of ``kind``, filled by ``build(url)`` (which must close its
        connections); returns its name."""
        template = f"{self.database}_{kind}"
        create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(template))
        self._admin(_drop(template), create)
        self._made.add(template)
        build(self.url_of(template))
        with _connect(make_url(self.url_of(template))) as connection:
            self._templates[kind] = read_rows(connection, kind)
        self._template_names[kind] = template
        return template

    def template_rows(self, kind: str) -> Rows:
        return self._templates[kind]

    def reset(self, rows: Rows) -> str:
        """This process's database holding exactly ``rows`` (on the schema of their kind);
        returns its URL."""
        template = self._templates[rows.kind]
        fingerprint = self._fingerprint() if self._kind == rows.kind else None
        if fingerprint != template.fingerprint:
            self.copy_database(self._template_names[rows.kind], self.database)
            self._kind = rows.kind
            if rows is template:
                return self.url_of(self.database)
        with _connect(self._url) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            # Tests need no durability: the commit need not wait for the disk.
            connection.execute("SET LOCAL synchronous_commit = off")
            write_rows(connection, rows)
        return self.url_of(self.database)

    def rows_of(self, url: str, kind: str) -> Rows:
        """Every row of the database at ``url`` (of ``kind``)."""
        with _connect(make_url(url)) as connection:
            return read_rows(connection, kind)

    def _fingerprint(self) -> str | None:
        try:
            with _connect(self._url, autocommit=True) as connection:
                found = connection.execute(FINGERPRINT).fetchone()
        except psycopg.OperationalError:  # not made yet, or dropped by a test
            return None
        return None if found is None else str(found[0])

    def drop_all(self) -> None:
        self._admin(*(_drop(name) for name in sorted(self._made)))
        self._made.clear()
