"""approvers' acknowledgements of board concerns

Revision ID: b0a4d5a4e002
Revises: a1a1c0de0001
Create Date: 2026-11-28 08:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b0a4d5a4e002'
down_revision = 'a1a1c0de0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('board_concern_ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['user_account.id'], name=op.f('fk_board_concern_ack_acknowledged_by_id_user_account')),
    sa.ForeignKeyConstraint(['comment_id'], ['board_comment.id'], name=op.f('fk_board_concern_ack_comment_id_board_comment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_concern_ack')),
    sa.UniqueConstraint('comment_id', name=op.f('uq_board_concern_ack_comment_id'))
    )


def downgrade():
    op.drop_table('board_concern_ack')
