"""Conduct and discipline's records: misconduct cases (need-to-know), the people in them (identities
encrypted), and the prevention records (SEA risk per site, training per unit, prevention measures)."""

from .cases import (
    Case,
    CaseAction,
    CaseAllegation,
    CaseRelease,
    CaseResult,
    CaseStep,
    ConductSettings,
    VictimAssistance,
    VictimGroup,
)
from .people import CasePerson, IdentityRead
from .prevention import (
    PreventionMeasure,
    PreventionMeasureRelease,
    RiskAssessment,
    RiskAssessmentRelease,
    TrainingCompletion,
    TrainingCompletionRelease,
)

__all__ = [
    "Case",
    "CaseAction",
    "CaseAllegation",
    "CasePerson",
    "CaseRelease",
    "CaseResult",
    "CaseStep",
    "ConductSettings",
    "IdentityRead",
    "PreventionMeasure",
    "PreventionMeasureRelease",
    "RiskAssessment",
    "RiskAssessmentRelease",
    "TrainingCompletion",
    "TrainingCompletionRelease",
    "VictimAssistance",
    "VictimGroup",
]
