"""The one rule for a new password (NIST SP 800-63B, memorized secrets).

Every way a password is set goes through :func:`check_new_password`: the
self-service change, an admin creating or resetting an account, the
``create-admin`` command, and the client's change dialog (through the Workspace).
No composition rules (NIST advises against them): length, not blank, not the
username or trivially derived from it, and not a commonly used password.

The common passwords are the list the ``zxcvbn`` package ships (MIT licence,
30 000 entries from leaked-password corpora), plus a small list of our own with
passwords common among Chinese users (pinyin, QQ, 520/1314 love numbers) that the
English-centred list misses.
"""

from __future__ import annotations

from functools import lru_cache

from gridapp.errors import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 256  # NIST: allow at least 64; the cap only bounds the Argon2 input

# Our own list: passwords Chinese users pick often, written by us (not copied data).
CHINESE_COMMON = (
    "woaini1314",
    "woaini520",
    "woaini521",
    "woaini123",
    "woaini1314520",
    "woaiwojia",
    "woaiwoma",
    "iloveyou1314",
    "5201314",
    "52013145",
    "5201314520",
    "1314520",
    "13145200",
    "520520520",
    "qq123456",
    "qq1234567",
    "qq12345678",
    "qq666666",
    "qq888888",
    "qwe123456",
    "a123456789",
    "aa123456",
    "abc123456",
    "zxc123456",
    "woshishui",
    "wodemima",
    "mima1234",
    "mima123456",
    "mima12345678",
    "zhangwei123",
    "wangwei123",
    "liming123",
    "zhang123456",
    "wang123456",
    "li123456",
    "admin123",
    "admin888",
    "admin1234",
    "admin123456",
    "root1234",
    "123456aa",
    "123456qq",
    "88888888",
    "66666666",
    "168168168",
    "147258369",
    "789456123",
    "1qaz2wsx",
    "1q2w3e4r",
    "woaizhongguo",
    "zhongguo123",
    "beijing2008",
    "wanggeyuan",
    "wangge123",
    "gridapp123",
)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Lower-cased common passwords long enough to pass the length rule."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    listed = FREQUENCY_LISTS["passwords"]
    return frozenset(p.casefold() for p in (*listed, *CHINESE_COMMON) if len(p) >= MIN_LENGTH)


def _derived_from_username(password: str, username: str) -> bool:
    """The username (any case, maybe reversed) with only digits or symbols around it."""
    name = username.strip().casefold()
    if len(name) < 3:
        return False
    folded = password.casefold()
    for form in (name, name[::-1]):
        if form in folded:
            rest = folded.replace(form, "")
            if not any(ch.isalpha() for ch in rest):
                return True
    return False


def check_new_password(password: str, *, username: str | None = None) -> None:
    """Raise :class:`ValidationError` naming the rule ``password`` breaks; None if good."""
    if not password.strip():
        raise ValidationError("password_blank", "密码不能为空或只含空白字符")
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            "password_too_short", f"密码至少 {MIN_LENGTH} 位", min_length=MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        raise ValidationError(
            "password_too_long", f"密码不能超过 {MAX_LENGTH} 位", max_length=MAX_LENGTH
        )
    if username and _derived_from_username(password, username):
        raise ValidationError("password_like_username", "密码不能是用户名或由用户名简单变化而来")
    if password.strip().casefold() in common_passwords():
        raise ValidationError("password_common", "该密码过于常见，容易被猜中，请换一个")
