"""Units in which time limits (时限) are expressed."""

from __future__ import annotations

from enum import StrEnum


class TimeUnit(StrEnum):
    """工作时 / 工作日 run on the working calendar; 紧急 units run on the clock."""

    WORK_HOUR = "work_hour"  # 工作时
    WORK_DAY = "work_day"  # 工作日
    URGENT_HOUR = "urgent_hour"  # 紧急工作时: clock hours, day and night
    URGENT_DAY = "urgent_day"  # 紧急工作日: 24-hour days, holidays included

    @property
    def on_clock(self) -> bool:
        return self in (TimeUnit.URGENT_HOUR, TimeUnit.URGENT_DAY)

    @property
    def label_zh(self) -> str:
        return {
            TimeUnit.WORK_HOUR: "工作时",
            TimeUnit.WORK_DAY: "工作日",
            TimeUnit.URGENT_HOUR: "紧急工作时",
            TimeUnit.URGENT_DAY: "紧急工作日",
        }[self]
