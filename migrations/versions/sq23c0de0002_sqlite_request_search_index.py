"""on SQLite, an index for the request search: an FTS5 table with the trigram tokenizer over
the titles and requesters, kept in step by triggers (PostgreSQL has its trigram indexes)

Revision ID: sq23c0de0002
Revises: sq23c0de0001
Create Date: 2026-12-07 12:50:00

"""

from alembic import op

revision = "sq23c0de0002"
down_revision = "sq23c0de0001"
branch_labels = None
depends_on = None

NAME = "data_request_search"
FIELDS = "title, requesting_org"
ADD = f"INSERT INTO {NAME} (rowid, {FIELDS}) VALUES (new.id, new.title, new.requesting_org);"
REMOVE = (
    f"INSERT INTO {NAME} ({NAME}, rowid, {FIELDS}) "
    "VALUES ('delete', old.id, old.title, old.requesting_org);"
)
TRIGGERS = {
    f"{NAME}_added": f"AFTER INSERT ON data_request BEGIN {ADD} END",
    f"{NAME}_removed": f"AFTER DELETE ON data_request BEGIN {REMOVE} END",
    f"{NAME}_changed": f"AFTER UPDATE OF {FIELDS} ON data_request BEGIN {REMOVE} {ADD} END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        f"CREATE VIRTUAL TABLE {NAME} USING fts5({FIELDS}, content='data_request', "
        "content_rowid='id', tokenize='trigram')"
    )
    op.execute(f"INSERT INTO {NAME} ({NAME}) VALUES ('rebuild')")  # the requests already there
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.execute(f"DROP TABLE {NAME}")
