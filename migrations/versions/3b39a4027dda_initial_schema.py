"""initial schema

Revision ID: 3b39a4027dda
Revises: 
Create Date: 2026-11-23 15:40:33.442509

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b39a4027dda'
down_revision = None
branch_labels = None
depends_on = None


# The guards as they were when this revision was written: literal SQL, never read from the
# models, so a later change to the models cannot change what this revision does.
# SQLite: triggers that raise; PostgreSQL: plpgsql functions and the triggers that call them.
SQLITE_GUARDS = [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER questionnaire_version_frozen_update BEFORE UPDATE ON questionnaire_version BEGIN SELECT RAISE(ABORT, 'questionnaire versions are kept as they were first used and cannot change'); END",
    "CREATE TRIGGER questionnaire_version_frozen_delete BEFORE DELETE ON questionnaire_version BEGIN SELECT RAISE(ABORT, 'questionnaire versions are kept as they were first used and cannot change'); END",
    "CREATE TRIGGER review_locked_update BEFORE UPDATE ON review WHEN OLD.confirmed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_locked_delete BEFORE DELETE ON review WHEN OLD.confirmed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_answer_locked_insert BEFORE INSERT ON review_answer WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_answer_locked_update BEFORE UPDATE ON review_answer WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_answer_locked_delete BEFORE DELETE ON review_answer WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER flag_response_locked_insert BEFORE INSERT ON flag_response WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER flag_response_locked_update BEFORE UPDATE ON flag_response WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER flag_response_locked_delete BEFORE DELETE ON flag_response WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER flag_response_append_only_update BEFORE UPDATE ON flag_response BEGIN SELECT RAISE(ABORT, 'flag responses are only ever added: give a new response instead'); END",
    "CREATE TRIGGER flag_response_append_only_delete BEFORE DELETE ON flag_response BEGIN SELECT RAISE(ABORT, 'flag responses are only ever added: give a new response instead'); END",
    "CREATE TRIGGER review_decision_locked_insert BEFORE INSERT ON review_decision WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_decision_locked_update BEFORE UPDATE ON review_decision WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_decision_locked_delete BEFORE DELETE ON review_decision WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_flag_locked_insert BEFORE INSERT ON review_flag WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_flag_locked_update BEFORE UPDATE ON review_flag WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_flag_locked_delete BEFORE DELETE ON review_flag WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_analysis_locked_insert BEFORE INSERT ON outcome_analysis WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_analysis_locked_update BEFORE UPDATE ON outcome_analysis WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_analysis_locked_delete BEFORE DELETE ON outcome_analysis WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_group_locked_insert BEFORE INSERT ON outcome_group WHEN EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_group_locked_update BEFORE UPDATE ON outcome_group WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) OR EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER outcome_group_locked_delete BEFORE DELETE ON outcome_group WHEN EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, 'review is locked: its answers, responses and decision can no longer change'); END",
    "CREATE TRIGGER review_document_no_update BEFORE UPDATE ON review_document BEGIN SELECT RAISE(ABORT, 'a signed review document is kept as issued and cannot change'); END",
    "CREATE TRIGGER review_document_no_delete BEFORE DELETE ON review_document BEGIN SELECT RAISE(ABORT, 'a signed review document is kept as issued and cannot change'); END",
]
POSTGRESQL_GUARDS = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
    'CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()',
    "CREATE OR REPLACE FUNCTION review_child_locked() RETURNS trigger AS $$ BEGIN IF TG_OP <> 'INSERT' THEN IF EXISTS (SELECT 1 FROM review WHERE id = OLD.review_id AND confirmed_at IS NOT NULL) THEN RAISE EXCEPTION 'review is locked: its answers, responses and decision can no longer change'; END IF; END IF; IF TG_OP <> 'DELETE' THEN IF EXISTS (SELECT 1 FROM review WHERE id = NEW.review_id AND confirmed_at IS NOT NULL) THEN RAISE EXCEPTION 'review is locked: its answers, responses and decision can no longer change'; END IF; RETURN NEW; END IF; RETURN OLD; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION review_row_locked() RETURNS trigger AS $$ BEGIN IF OLD.confirmed_at IS NOT NULL THEN RAISE EXCEPTION 'review is locked: its answers, responses and decision can no longer change'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION questionnaire_version_frozen() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'questionnaire versions are kept as they were first used and cannot change'; END; $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE FUNCTION flag_response_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'flag responses are only ever added: give a new response instead'; END; $$ LANGUAGE plpgsql",
    'CREATE TRIGGER questionnaire_version_frozen BEFORE UPDATE OR DELETE ON questionnaire_version FOR EACH ROW EXECUTE FUNCTION questionnaire_version_frozen()',
    'CREATE TRIGGER review_locked BEFORE UPDATE OR DELETE ON review FOR EACH ROW EXECUTE FUNCTION review_row_locked()',
    'CREATE TRIGGER review_answer_locked BEFORE INSERT OR UPDATE OR DELETE ON review_answer FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    'CREATE TRIGGER flag_response_locked BEFORE INSERT OR UPDATE OR DELETE ON flag_response FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    'CREATE TRIGGER flag_response_append_only BEFORE UPDATE OR DELETE ON flag_response FOR EACH ROW EXECUTE FUNCTION flag_response_append_only()',
    'CREATE TRIGGER review_decision_locked BEFORE INSERT OR UPDATE OR DELETE ON review_decision FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    'CREATE TRIGGER review_flag_locked BEFORE INSERT OR UPDATE OR DELETE ON review_flag FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    'CREATE TRIGGER outcome_analysis_locked BEFORE INSERT OR UPDATE OR DELETE ON outcome_analysis FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    'CREATE TRIGGER outcome_group_locked BEFORE INSERT OR UPDATE OR DELETE ON outcome_group FOR EACH ROW EXECUTE FUNCTION review_child_locked()',
    "CREATE OR REPLACE FUNCTION review_document_append_only() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'a signed review document is kept as issued and cannot change'; END; $$ LANGUAGE plpgsql",
    'CREATE TRIGGER review_document_append_only BEFORE UPDATE OR DELETE ON review_document FOR EACH ROW EXECUTE FUNCTION review_document_append_only()',
]


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency')),
    sa.UniqueConstraint('code', name=op.f('uq_agency_code'))
    )
    op.create_table('questionnaire_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_key', sa.String(length=80), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('first_used_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(hash) = 64', name=op.f('ck_questionnaire_version_hash_is_sha256')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_version')),
    sa.UniqueConstraint('hash', name=op.f('uq_questionnaire_version_hash'))
    )
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_version_questionnaire_key'), ['questionnaire_key'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.Enum('reviewer', 'approver', 'board', 'ai_reviewer', 'admin', name='user_role'), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('high_risk_subcommittee', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_user_account_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('scope_type', sa.String(length=40), nullable=False),
    sa.Column('scope_id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_audit_event_actor_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index('ix_audit_event_scope', ['scope_type', 'scope_id'], unique=False)

    op.create_table('data_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('requesting_org', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('requester_type', sa.String(length=30), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('datasets', sa.Text(), nullable=False),
    sa.Column('data_elements', sa.Text(), nullable=False),
    sa.Column('delivery_date', sa.Date(), nullable=True),
    sa.Column('destruction_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('owner_agency_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("requester_type IN ('own-agency', 'sister-agency', 'datalinkct', 'university', 'nonprofit', 'vendor', 'federal', 'other')", name=op.f('ck_data_request_requester_type_known')),
    sa.CheckConstraint("status IN ('draft', 'in_review', 'decided', 'withdrawn')", name=op.f('ck_data_request_status_known')),
    sa.CheckConstraint('destruction_date IS NULL OR delivery_date IS NULL OR destruction_date >= delivery_date', name=op.f('ck_data_request_destruction_after_delivery')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_data_request_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['owner_agency_id'], ['agency.id'], name=op.f('fk_data_request_owner_agency_id_agency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_request'))
    )
    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('amends_id', sa.Integer(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('last_section', sa.String(length=80), nullable=True),
    sa.Column('completed_sections', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(confirmed_at IS NULL AND confirmed_by_id IS NULL) OR (confirmed_at IS NOT NULL AND confirmed_by_id IS NOT NULL)', name=op.f('ck_review_confirmer_with_time')),
    sa.CheckConstraint('(submitted_at IS NULL AND submitted_by_id IS NULL) OR (submitted_at IS NOT NULL AND submitted_by_id IS NOT NULL)', name=op.f('ck_review_submitter_with_time')),
    sa.CheckConstraint('amends_id IS NULL OR amends_id <> id', name=op.f('ck_review_does_not_amend_itself')),
    sa.CheckConstraint('confirmed_at IS NULL OR confirmed_at >= submitted_at', name=op.f('ck_review_confirmed_after_submitted')),
    sa.CheckConstraint('confirmed_at IS NULL OR submitted_at IS NOT NULL', name=op.f('ck_review_confirmed_only_if_submitted')),
    sa.CheckConstraint('confirmed_by_id IS NULL OR confirmed_by_id <> submitted_by_id', name=op.f('ck_review_confirmer_is_not_submitter')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_review_version_positive')),
    sa.ForeignKeyConstraint(['amends_id'], ['review.id'], name=op.f('fk_review_amends_id_review')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user_account.id'], name=op.f('fk_review_confirmed_by_id_user_account')),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_review_questionnaire_version_id_questionnaire_version')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'], name=op.f('fk_review_started_by_id_user_account')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_review_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index('ix_review_subject', ['subject_kind', 'subject_id'], unique=False)

    op.create_table('flag_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('mitigation', 'accepted-risk', 'not-applicable')", name=op.f('ck_flag_response_kind_known')),
    sa.CheckConstraint('length(trim(text)) > 0', name=op.f('ck_flag_response_text_given')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_flag_response_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_flag_response_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flag_response'))
    )
    with op.batch_alter_table('flag_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_flag_response_review_id'), ['review_id'], unique=False)

    op.create_table('outcome_analysis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('outcome_label', sa.String(length=200), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('reference_method', sa.String(length=20), nullable=False),
    sa.Column('reference_label', sa.String(length=120), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(reference_method = 'named') = (reference_label IS NOT NULL)", name=op.f('ck_outcome_analysis_named_reference_given')),
    sa.CheckConstraint("direction IN ('favourable', 'adverse')", name=op.f('ck_outcome_analysis_direction_known')),
    sa.CheckConstraint("reference_method IN ('best', 'largest', 'named')", name=op.f('ck_outcome_analysis_reference_known')),
    sa.CheckConstraint('length(trim(outcome_label)) > 0', name=op.f('ck_outcome_analysis_outcome_given')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_outcome_analysis_title_given')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_outcome_analysis_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_outcome_analysis_review_id_review')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_outcome_analysis_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_analysis')),
    sa.UniqueConstraint('id', 'review_id', name='uq_outcome_analysis_id_review')
    )
    with op.batch_alter_table('outcome_analysis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_analysis_review_id'), ['review_id'], unique=False)

    op.create_table('request_data_holder',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_request_data_holder_agency_id_agency')),
    sa.ForeignKeyConstraint(['request_id'], ['data_request.id'], name=op.f('fk_request_data_holder_request_id_data_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', 'agency_id', name=op.f('pk_request_data_holder'))
    )
    op.create_table('review_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('changed_in_version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('changed_in_version >= 1', name=op.f('ck_review_answer_version_positive')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_answer_review_id_review')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_review_answer_updated_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_answer')),
    sa.UniqueConstraint('review_id', 'question_id', name='uq_review_answer_question')
    )
    with op.batch_alter_table('review_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_answer_review_id'), ['review_id'], unique=False)

    op.create_table('review_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('recommendation', sa.String(length=30), nullable=False),
    sa.Column('conditions', sa.Text(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('returned_by_id', sa.Integer(), nullable=True),
    sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('return_comment', sa.Text(), nullable=True),
    sa.CheckConstraint("recommendation <> 'approve-with-conditions' OR length(trim(conditions)) > 0", name=op.f('ck_review_decision_conditions_given')),
    sa.CheckConstraint("recommendation IN ('approve', 'approve-with-conditions', 'return', 'deny')", name=op.f('ck_review_decision_recommendation_known')),
    sa.CheckConstraint('(returned_at IS NULL AND returned_by_id IS NULL) OR (returned_at IS NOT NULL AND returned_by_id IS NOT NULL)', name=op.f('ck_review_decision_returner_with_time')),
    sa.CheckConstraint('length(trim(rationale)) > 0', name=op.f('ck_review_decision_rationale_given')),
    sa.CheckConstraint('returned_at IS NULL OR length(trim(return_comment)) > 0', name=op.f('ck_review_decision_return_comment_given')),
    sa.ForeignKeyConstraint(['returned_by_id'], ['user_account.id'], name=op.f('fk_review_decision_returned_by_id_user_account')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_decision_review_id_review')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], name=op.f('fk_review_decision_submitted_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_decision'))
    )
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_decision_review_id'), ['review_id'], unique=False)

    op.create_table('review_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('schema', sa.String(length=40), nullable=False),
    sa.Column('record_digest', sa.String(length=64), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('reviewer_signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approver_signed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('certificate_serial', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('approver_signed_at >= reviewer_signed_at', name=op.f('ck_review_document_approver_signs_last')),
    sa.CheckConstraint('length(file_sha256) = 64', name=op.f('ck_review_document_file_sha256_is_sha256')),
    sa.CheckConstraint('length(record_digest) = 64', name=op.f('ck_review_document_record_digest_is_sha256')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_document_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_document')),
    sa.UniqueConstraint('review_id', name=op.f('uq_review_document_review_id'))
    )
    with op.batch_alter_table('review_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_document_file_sha256'), ['file_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_document_record_digest'), ['record_digest'], unique=False)

    op.create_table('review_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('flag_id', sa.String(length=120), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('question_ids', sa.JSON(), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("severity IN ('high', 'medium', 'low', 'info')", name=op.f('ck_review_flag_severity_known')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_flag_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_flag')),
    sa.UniqueConstraint('review_id', 'flag_id', name='uq_review_flag_flag')
    )
    with op.batch_alter_table('review_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_flag_review_id'), ['review_id'], unique=False)

    op.create_table('outcome_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('analysis_id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=120), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Integer(), nullable=False),
    sa.CheckConstraint('length(trim(label)) > 0', name=op.f('ck_outcome_group_label_given')),
    sa.CheckConstraint('outcome <= total', name=op.f('ck_outcome_group_outcome_within_total')),
    sa.CheckConstraint('position >= 0', name=op.f('ck_outcome_group_position_not_negative')),
    sa.CheckConstraint('total >= 0 AND outcome >= 0', name=op.f('ck_outcome_group_counts_not_negative')),
    sa.ForeignKeyConstraint(['analysis_id', 'review_id'], ['outcome_analysis.id', 'outcome_analysis.review_id'], name='fk_outcome_group_analysis', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_outcome_group_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_group')),
    sa.UniqueConstraint('analysis_id', 'position', name='uq_outcome_group_position')
    )
    with op.batch_alter_table('outcome_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outcome_group_analysis_id'), ['analysis_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outcome_group_review_id'), ['review_id'], unique=False)

    # ### end Alembic commands ###
    _create_guards()


def _create_guards() -> None:
    """The triggers that keep the audit log and signed documents append-only and locked
    reviews unchangeable (the models attach the same SQL to create_all; a test compares)."""
    dialect = op.get_bind().dialect.name
    for sql in {"sqlite": SQLITE_GUARDS, "postgresql": POSTGRESQL_GUARDS}.get(dialect, []):
        op.execute(sql)


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('outcome_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_group_review_id'))
        batch_op.drop_index(batch_op.f('ix_outcome_group_analysis_id'))

    op.drop_table('outcome_group')
    with op.batch_alter_table('review_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_flag_review_id'))

    op.drop_table('review_flag')
    with op.batch_alter_table('review_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_document_record_digest'))
        batch_op.drop_index(batch_op.f('ix_review_document_file_sha256'))

    op.drop_table('review_document')
    with op.batch_alter_table('review_decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_decision_review_id'))

    op.drop_table('review_decision')
    with op.batch_alter_table('review_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_answer_review_id'))

    op.drop_table('review_answer')
    op.drop_table('request_data_holder')
    with op.batch_alter_table('outcome_analysis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outcome_analysis_review_id'))

    op.drop_table('outcome_analysis')
    with op.batch_alter_table('flag_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_flag_response_review_id'))

    op.drop_table('flag_response')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index('ix_review_subject')

    op.drop_table('review')
    op.drop_table('data_request')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_scope')
        batch_op.drop_index('ix_audit_event_object')

    op.drop_table('audit_event')
    op.drop_table('user_account')
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_version_questionnaire_key'))

    op.drop_table('questionnaire_version')
    op.drop_table('agency')
    # ### end Alembic commands ###
    if op.get_bind().dialect.name == "postgresql":
        sa.Enum(name="user_role").drop(op.get_bind(), checkfirst=True)
        for function in (
            "audit_event_append_only",
            "review_child_locked",
            "review_row_locked",
            "questionnaire_version_frozen",
            "review_document_append_only",
            "flag_response_append_only",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
