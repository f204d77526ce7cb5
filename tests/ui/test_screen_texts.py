"""Time left and levels in the Chinese interface read as a Chinese operator writes them."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QLocale

from gridapp.domain.case import Urgency
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError, ValidationError
from ui.detail.texts import level_label, remaining_text, urgency_label
from ui.error_texts import code_text, error_text


def test_durations_levels_and_urgency_in_chinese(chinese):
    left = remaining_text(timedelta(hours=23, minutes=27), False, TimeUnit.WORK_DAY)
    assert left == "剩余 23小时27分（工作时）"
    late = remaining_text(-timedelta(days=3, hours=4, minutes=10), True, TimeUnit.URGENT_HOUR)
    assert late == "已超期 3天4小时"
    assert (
        remaining_text(timedelta(minutes=40), False, TimeUnit.URGENT_DAY) == "剩余 40分钟（自然时）"
    )
    assert urgency_label(Urgency.NORMAL) == "一般"
    for level in OverdueLevel:
        assert not any("a" <= ch.lower() <= "z" for ch in level_label(level)), level


def test_durations_in_english(qapp):
    assert QLocale().language() != QLocale.Language.Chinese
    assert remaining_text(timedelta(hours=88, minutes=50), True, TimeUnit.WORK_HOUR) == (
        "Overdue by 3 d 16 h"
    )
    assert (
        remaining_text(timedelta(hours=2), False, TimeUnit.WORK_HOUR) == "2 h left (working time)"
    )


def test_errors_follow_the_interface_language(qapp, chinese):
    refused = DomainError("wrong_state", "案卷处于「已结案」状态，不能执行「派遣」")
    assert error_text(refused) == refused.message  # the core's specific Chinese message
    low_level = ValidationError("bad_amount", "amount must be a number")
    assert error_text(low_level) == "时限数值无效。"
    assert code_text(low_level) == "错误代码：bad_amount"
    unknown = ValidationError("something_new", "no Chinese here")
    assert error_text(unknown) == "操作未完成。"


def test_errors_in_english(qapp):
    refused = DomainError("wrong_state", "案卷处于「已结案」状态，不能执行「派遣」")
    assert error_text(refused) == (
        "The case is not in a state that allows this. (案卷处于「已结案」状态，不能执行「派遣」)"
    )
    assert error_text(ValidationError("something_new", "kept as is")) == "kept as is"
