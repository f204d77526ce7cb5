"""The password policy (NIST SP 800-63B) as one pure function: each rule, its code."""

from __future__ import annotations

import pytest

from gridapp import Workspace
from gridapp.errors import ValidationError
from gridapp.security.password_policy import CHINESE_COMMON, check_new_password

REFUSED = [
    ("", "password_blank"),
    ("        ", "password_blank"),
    ("\t \u3000 \n  \t", "password_blank"),  # full-width space too
    ("short", "password_too_short"),
    ("Kx9-lam", "password_too_short"),
    ("x" * 257, "password_too_long"),
    ("zhangsan", "password_like_username"),
    ("ZhangSan", "password_like_username"),
    ("zhangsan2026!", "password_like_username"),
    ("2026zhangsan", "password_like_username"),
    ("nasgnahz123", "password_like_username"),  # reversed
    ("password1", "password_common"),
    ("12345678", "password_common"),
    ("Password1", "password_common"),  # case does not help
    ("iloveyou", "password_common"),
    ("woaini1314", "password_common"),
    ("qq123456", "password_common"),
    ("5201314520", "password_common"),
    ("1qaz2wsx", "password_common"),
]


@pytest.mark.parametrize(("password", "code"), REFUSED)
def test_each_rule_refuses_with_its_code_and_a_chinese_message(password: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_new_password(password, username="zhangsan")
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert Workspace.password_problem(password, "zhangsan") == refused.value.message


@pytest.mark.parametrize(
    "password",
    [
        "Kx9-river-lamp",
        "张三的第一个密码",
        "correct horse battery",
        "zhangsan-lives-here",
        "x" * 256,
    ],
)
def test_good_passwords_pass(password: str) -> None:
    check_new_password(password, username="zhangsan")
    assert Workspace.password_problem(password, "zhangsan") == ""


def test_our_chinese_list_covers_what_the_shipped_list_misses() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    shipped = set(FREQUENCY_LISTS["passwords"])
    assert "woaini1314" not in shipped  # why the list of our own exists
    assert len(CHINESE_COMMON) >= 30
