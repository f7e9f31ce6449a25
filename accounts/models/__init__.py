"""People: the user (email login), their organisation and standing profile, email
preferences and the record of every notification sent (the key that makes a retried task
harmless), contact settings, and the data protection records (consents, data exports,
erasure requests, retention).

Each concern has its own module; every model and name is importable from here.
"""

# Imported in the order the models were once defined in a single module, which is the
# order the app registry lists them (and so the order of each model's reverse relations).
# isort: off
from ..areas import ExpertiseArea  # a model of this app, kept with its list's helpers
from .user import User, UserManager
from .organisation import Organisation, OrganisationAlias
from .profile import (
    CAREER_STAGE_ORDER,
    PROFILE_FIELDS,
    Area,
    CareerStage,
    PreferredMode,
    Profile,
    language_choices,
    validate_availability,
)
from .notification import (
    PRIVATE_ACTIVITY_KINDS,
    PRIVATE_BODY_KINDS,
    REQUIRED_KINDS,
    STAFF_KINDS,
    CoordinatorSettings,
    DigestFrequency,
    EmailPreference,
    NotificationKind,
    SentNotification,
)
from .contact import (
    MESSAGE_EMAIL_CHOICES,
    MESSAGE_EMAILS_NONE,
    ContactChannel,
    ContactSettings,
    MessageEmails,
)
from .data_protection import (
    ErasureRequest,
    ErasureRequestStatus,
    RetentionRun,
    RetentionSettings,
)
from .privacy import ConsentRecord, ConsentTopic, DataExport, DataExportStatus
# isort: on

__all__ = [
    "CAREER_STAGE_ORDER",
    "MESSAGE_EMAILS_NONE",
    "MESSAGE_EMAIL_CHOICES",
    "PRIVATE_ACTIVITY_KINDS",
    "PRIVATE_BODY_KINDS",
    "PROFILE_FIELDS",
    "REQUIRED_KINDS",
    "STAFF_KINDS",
    "Area",
    "CareerStage",
    "ConsentRecord",
    "ConsentTopic",
    "ContactChannel",
    "ContactSettings",
    "CoordinatorSettings",
    "DataExport",
    "DataExportStatus",
    "DigestFrequency",
    "EmailPreference",
    "ErasureRequest",
    "ErasureRequestStatus",
    "ExpertiseArea",
    "MessageEmails",
    "NotificationKind",
    "Organisation",
    "OrganisationAlias",
    "PreferredMode",
    "Profile",
    "RetentionRun",
    "RetentionSettings",
    "SentNotification",
    "User",
    "UserManager",
    "language_choices",
    "validate_availability",
]
