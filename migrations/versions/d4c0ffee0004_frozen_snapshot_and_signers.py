"""keep the signed snapshot and each signer's certificate serial with the signed PDF

Revision ID: d4c0ffee0004
Revises: b2c0ffee0002
Create Date: 2026-11-28 07:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4c0ffee0004'
down_revision = 'b2c0ffee0002'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('review_document', sa.Column('snapshot_json', sa.Text(), nullable=True))
    op.add_column(
        'review_document',
        sa.Column('approver_certificate_serial', sa.String(length=80), nullable=True),
    )


def downgrade():
    with op.batch_alter_table('review_document') as batch_op:
        batch_op.drop_column('approver_certificate_serial')
        batch_op.drop_column('snapshot_json')
