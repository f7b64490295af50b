"""The matcher's weights and thresholds, declared once as shared settings."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.core.settings import Option, all_settings, declare

WEIGHT_NAME = declare(
    Option("match/weight_name", 0.35, "Weight of name similarity", minimum=0, maximum=10)
)
WEIGHT_CONCEPT = declare(
    Option(
        "match/weight_concept", 0.40, "Weight of shared glossary concepts", minimum=0, maximum=10
    )
)
WEIGHT_HS = declare(
    Option("match/weight_hs", 0.15, "Weight of HS agreement", minimum=0, maximum=10)
)
WEIGHT_ATTRIBUTES = declare(
    Option("match/weight_attributes", 0.05, "Weight of processing states", minimum=0, maximum=10)
)
WEIGHT_MODEL = declare(
    Option("match/weight_model", 0.25, "Weight of model numbers and codes", minimum=0, maximum=10)
)
PENALTY_CONCEPT = declare(
    Option(
        "match/penalty_concept_conflict",
        30.0,
        "Points lost when the two sides name different goods",
        minimum=0,
        maximum=100,
    )
)
PENALTY_HS = declare(
    Option(
        "match/penalty_hs_conflict",
        15.0,
        "Points lost when the HS chapters disagree",
        minimum=0,
        maximum=100,
    )
)
PENALTY_ATTRIBUTE = declare(
    Option(
        "match/penalty_attribute_conflict",
        30.0,
        "Points lost per conflicting processing state",
        minimum=0,
        maximum=100,
    )
)
PENALTY_GRADE = declare(
    Option(
        "match/penalty_grade",
        3.0,
        "Points an offer of the good asked for loses when it lacks the grade asked for",
        minimum=0,
        maximum=100,
    )
)
SUGGEST_THRESHOLD = declare(
    Option("match/suggest_threshold", 65.0, "Lowest score of a suggestion", minimum=0, maximum=100)
)
AMBIGUITY_MARGIN = declare(
    Option(
        "match/ambiguity_margin",
        5.0,
        "A different good this close to a suggestion makes it ambiguous",
        minimum=0,
        maximum=100,
    )
)
TOP_K = declare(Option("match/top_k", 5, "Candidates kept per demand line", minimum=1, maximum=50))
RETRIEVAL_POOL = declare(
    Option(
        "match/retrieval_pool",
        40,
        "Candidates fully scored per demand line",
        minimum=5,
        maximum=1000,
    )
)
# Below this a candidate is noise a trade officer would wade through, so it is not stored.
# The key follows the other matcher settings ("match/"), which the review screen lists.
STORE_FLOOR = declare(
    Option(
        "match/store_floor",
        20.0,
        "Lowest score of a stored candidate",
        minimum=0,
        maximum=100,
    )
)

_KEYS = {
    "weight_name": WEIGHT_NAME,
    "weight_concept": WEIGHT_CONCEPT,
    "weight_hs": WEIGHT_HS,
    "weight_attributes": WEIGHT_ATTRIBUTES,
    "weight_model": WEIGHT_MODEL,
    "penalty_concept_conflict": PENALTY_CONCEPT,
    "penalty_hs_conflict": PENALTY_HS,
    "penalty_attribute_conflict": PENALTY_ATTRIBUTE,
    "penalty_grade": PENALTY_GRADE,
    "suggest_threshold": SUGGEST_THRESHOLD,
    "ambiguity_margin": AMBIGUITY_MARGIN,
    "top_k": TOP_K,
    "retrieval_pool": RETRIEVAL_POOL,
    "store_floor": STORE_FLOOR,
}


@dataclass(frozen=True)
class MatchSettings:
    """Weights (relative), penalties (points) and thresholds (0..100) of one run."""

    weight_name: float = WEIGHT_NAME.default
    weight_concept: float = WEIGHT_CONCEPT.default
    weight_hs: float = WEIGHT_HS.default
    weight_attributes: float = WEIGHT_ATTRIBUTES.default
    weight_model: float = WEIGHT_MODEL.default
    penalty_concept_conflict: float = PENALTY_CONCEPT.default
    penalty_hs_conflict: float = PENALTY_HS.default
    penalty_attribute_conflict: float = PENALTY_ATTRIBUTE.default
    penalty_grade: float = PENALTY_GRADE.default
    suggest_threshold: float = SUGGEST_THRESHOLD.default
    ambiguity_margin: float = AMBIGUITY_MARGIN.default
    top_k: int = TOP_K.default
    retrieval_pool: int = RETRIEVAL_POOL.default
    store_floor: float = STORE_FLOOR.default

    @classmethod
    def from_values(cls, values: dict[str, Any]) -> MatchSettings:
        """Settings from ``all_settings()``-style ``{"match/...": value}`` pairs."""
        known = {field.name for field in fields(cls)}
        return cls(
            **{
                name: option.coerce(values[option.key])
                for name, option in _KEYS.items()
                if name in known and option.key in values
            }
        )


def load_match_settings(session: Session) -> MatchSettings:
    """The settings stored in the database, defaults for the rest."""
    return MatchSettings.from_values(all_settings(session))
