"""The year's rules, over the model alone: periods of the calendar, the cascade of targets
worked out over the organisation, calibration quotas, and bonus pools to the cent."""

from .calibration import Move, calibrate_groups, calibration_group, force_distribution, quota
from .cascade import allocate, allocate_all
from .periods import (
    PERIOD_FORMS,
    Period,
    PeriodError,
    PeriodMissing,
    month_id,
    parse_month,
    parse_period,
    period_forms,
)
from .pools import Pool, pay_pools, share_pool

__all__ = [
    "PERIOD_FORMS",
    "Move",
    "Period",
    "PeriodError",
    "PeriodMissing",
    "Pool",
    "allocate",
    "allocate_all",
    "calibrate_groups",
    "calibration_group",
    "force_distribution",
    "month_id",
    "parse_month",
    "parse_period",
    "pay_pools",
    "period_forms",
    "quota",
    "share_pool",
]
