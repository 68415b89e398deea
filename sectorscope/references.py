"""Published reference figures shown beside the state's own (DESIGN section 5), each with its source."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """A published figure: what it says and who published it."""

    text: str
    source: str
    # The state whose own figure this compares with (FIPS), or None when it compares like with like anywhere. A
    # count of one state's partnerships is context for that state only, never a benchmark for another's count.
    applies_to_state: str | None = None

    def for_state(self, state_fips: str | None) -> Reference | None:
        """This reference where it compares like with like for ``state_fips``, else None (not shown)."""
        return self if self.applies_to_state is None or self.applies_to_state == state_fips else None


CITED = "as cited in State Sector Strategies materials"
PPV = f"Public/Private Ventures, Sectoral Employment Impact Study ({CITED})"
WORKER_EVALUATION = f"Evaluation of sector initiatives' impact on workers ({CITED})"
MASSACHUSETTS = f"Third-party evaluation of the Massachusetts Sector Initiative ({CITED})"
FAQ = "State Sector Strategies FAQ"

HOURLY_WAGE_GAIN = Reference("+$2.00/hour on average", PPV)
POVERTY = Reference("64% → 35% in poverty", PPV)
HEALTH_INSURANCE = Reference("49% → 73% with employer health insurance", WORKER_EVALUATION)
PAID_SICK_LEAVE = Reference("35% → 58% with paid sick leave", WORKER_EVALUATION)
TRAINING_PREPARED = Reference("83% say training prepared them well; 78% improved chances of a good job", PPV)
REDUCED_TURNOVER = Reference("41% of employers reported reduced turnover", MASSACHUSETTS)
REDUCED_REWORK = Reference("19% reported less rework", MASSACHUSETTS)
REDUCED_COMPLAINTS = Reference("23% reported fewer customer complaints", MASSACHUSETTS)
VALUED_PARTNERSHIP = Reference("100% of companies valued partnering with other companies", MASSACHUSETTS)
PENNSYLVANIA_PARTNERSHIPS = Reference("Pennsylvania: 81 Industry Partnerships; 18,000+ workers trained since 2004", FAQ,
                                      applies_to_state="42")
WISCONSIN_GRANTS = Reference("Wisconsin 2009: 11 regional grants, $951,000",
                             "State sector strategies overview presentation")
GRANT_RANGES = Reference("Planning grants $25k-$150k (up to 6 months); implementation $50k-$500k (1-3 years)", FAQ)
PENNSYLVANIA_WAGE_GOAL = Reference(
    "Pennsylvania Industry Partnerships: +6.62% on average within a year of training (goal: at least +5%)",
    "Industry Partnerships in Pennsylvania (2014, via WorkforceGPS); Pennsylvania Governor's Goals: Training and Wages")
