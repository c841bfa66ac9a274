"""The database models, one module per aggregate."""

from ctdppeia.models.action import ACTION_SOURCES, ACTION_STATUSES, OPEN_STATUSES, ReviewAction
from ctdppeia.models.agency import Agency
from ctdppeia.models.ai_practice import AIPractice
from ctdppeia.models.ai_use_case import AI_HOSTING, AI_STAGES, AIUseCase, ai_use_case_request
from ctdppeia.models.ai_vote import (
    AI_OUTCOMES,
    AI_RECOMMENDATIONS,
    AICondition,
    AIConditionCorrection,
    AIConflict,
    AIDecision,
    AIRecommendation,
    AISubcommitteeRecommendation,
)
from ctdppeia.models.analysis import OutcomeAnalysis, OutcomeGroup
from ctdppeia.models.api_token import API_SCOPES, ApiToken, ReviewImport
from ctdppeia.models.audit import AuditEvent
from ctdppeia.models.board import (
    BOARD_NOTICE_KINDS,
    BOARD_RESPONSE_KINDS,
    BoardComment,
    BoardCommentRevision,
    BoardNotice,
    BoardResponse,
    BoardShare,
    BoardVisit,
)
from ctdppeia.models.board_ack import BoardConcernAck
from ctdppeia.models.data_request import REQUEST_STATUSES, REQUESTER_TYPES, DataRequest
from ctdppeia.models.inventory import (
    InventoryCurrent,
    InventoryDraft,
    InventoryEntryVersion,
    InventoryYear,
)
from ctdppeia.models.notice import EMAIL_MODES, Notice, NoticeClaim, NoticeSetting
from ctdppeia.models.outbox import OutboxEmail
from ctdppeia.models.questionnaire_version import QuestionnaireVersion
from ctdppeia.models.review import RECOMMENDATIONS, REVIEW_STATUSES, Review, ReviewDecision
from ctdppeia.models.review_document import ReviewDocument
from ctdppeia.models.review_parts import RESPONSE_KINDS, FlagResponse, ReviewAnswer, ReviewFlagState
from ctdppeia.models.review_tier import PresumptionRebuttal, ReviewObligation, TierOverride
from ctdppeia.models.saml import SamlAssertionUsed, SamlRequest
from ctdppeia.models.signing_key import AUTHORITY_NAME, SigningKey
from ctdppeia.models.user import ROLE_LABELS, RecoveryCode, Role, User

__all__ = [
    "ACTION_SOURCES",
    "ACTION_STATUSES",
    "AI_HOSTING",
    "AI_OUTCOMES",
    "AI_RECOMMENDATIONS",
    "AI_STAGES",
    "API_SCOPES",
    "AUTHORITY_NAME",
    "BOARD_NOTICE_KINDS",
    "BOARD_RESPONSE_KINDS",
    "EMAIL_MODES",
    "OPEN_STATUSES",
    "RECOMMENDATIONS",
    "REQUESTER_TYPES",
    "REQUEST_STATUSES",
    "RESPONSE_KINDS",
    "REVIEW_STATUSES",
    "ROLE_LABELS",
    "AICondition",
    "AIConditionCorrection",
    "AIConflict",
    "AIDecision",
    "AIPractice",
    "AIRecommendation",
    "AISubcommitteeRecommendation",
    "AIUseCase",
    "Agency",
    "ApiToken",
    "AuditEvent",
    "BoardComment",
    "BoardCommentRevision",
    "BoardConcernAck",
    "BoardNotice",
    "BoardResponse",
    "BoardShare",
    "BoardVisit",
    "DataRequest",
    "FlagResponse",
    "InventoryCurrent",
    "InventoryDraft",
    "InventoryEntryVersion",
    "InventoryYear",
    "Notice",
    "NoticeClaim",
    "NoticeSetting",
    "OutboxEmail",
    "OutcomeAnalysis",
    "OutcomeGroup",
    "PresumptionRebuttal",
    "QuestionnaireVersion",
    "RecoveryCode",
    "Review",
    "ReviewAction",
    "ReviewAnswer",
    "ReviewDecision",
    "ReviewDocument",
    "ReviewFlagState",
    "ReviewImport",
    "ReviewObligation",
    "Role",
    "SamlAssertionUsed",
    "SamlRequest",
    "SigningKey",
    "TierOverride",
    "User",
    "ai_use_case_request",
]
