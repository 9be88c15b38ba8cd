"""The units of measure a header may give after a field's name (销售额（元）,
revenue (yuan)): the unit as the scheme writes it, or its Chinese name when the scheme
writes a common English one (yuan: 元); the handbook names units the same way. A fixed
vocabulary, as the names of the id column are: a workbook written in Chinese is read the
same whatever the catalogue of translations says."""

from __future__ import annotations

CHINESE = {
    "yuan": "元", "cny": "元", "rmb": "元", "times": "次", "customers": "家", "score": "分",
    "points": "分", "visits": "次", "awards": "项", "plans": "份", "leads": "条",
    "reports": "份", "surveys": "份", "people": "人", "persons": "人", "days": "天",
    "hours": "小时", "items": "项", "orders": "单", "contracts": "份", "projects": "个",
    "percent": "%", "%": "%",
}


def in_chinese(unit: str) -> str:
    """The unit as a Chinese header shows it: its Chinese name, or as written."""
    return CHINESE.get(unit.strip().casefold(), unit.strip())


def same_unit(written: str, unit: str) -> bool:
    """Whether a header's ``written`` unit names the field's ``unit``: as the scheme writes
    it (case aside), or in Chinese."""
    given = written.strip().casefold()
    return given in (unit.strip().casefold(), in_chinese(unit).casefold())
