"""What an error says, in the interface's language.

The core's errors carry a stable code and a Chinese message with the specifics
(which case, which state, which folder). In the Chinese interface that message is
shown as it is; a core message with no Chinese in it (a few low-level checks) is
replaced by the code's text below. In English the code's text is shown followed by
the core's message in brackets (it carries the specifics a user may need: a size
limit, the placeholder a tile address lacks), or the core's message alone for a
code this table does not know.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from gridapp.errors import GridappError
from ui.detail.texts import chinese

CJK = re.compile(r"[\u3400-\u9fff]")

# code → English source (translated in resources/translations/zh_CN/screens.json)
BY_CODE: dict[str, str] = {
    "role_not_allowed": QT_TRANSLATE_NOOP("errors", "Your role may not do this."),
    "wrong_state": QT_TRANSLATE_NOOP("errors", "The case is not in a state that allows this."),
    "state_not_allowed": QT_TRANSLATE_NOOP(
        "errors", "The case is not in a state that allows this."
    ),
    "out_of_scope": QT_TRANSLATE_NOOP("errors", "This case is outside your responsibility."),
    "unknown_case": QT_TRANSLATE_NOOP("errors", "The case does not exist or is not yours."),
    "missing_field": QT_TRANSLATE_NOOP("errors", "A required field is empty."),
    "bad_field": QT_TRANSLATE_NOOP("errors", "A field has a value that is not allowed."),
    "bad_point": QT_TRANSLATE_NOOP("errors", "The location is not a valid point."),
    "bad_phone": QT_TRANSLATE_NOOP("errors", "The phone number is not valid."),
    "bad_amount": QT_TRANSLATE_NOOP("errors", "The time limit is not a valid amount."),
    "bad_unit": QT_TRANSLATE_NOOP("errors", "The time unit is not known."),
    "bad_deadline": QT_TRANSLATE_NOOP("errors", "The deadline is not valid."),
    "bad_date": QT_TRANSLATE_NOOP("errors", "The date is not valid."),
    "bad_period": QT_TRANSLATE_NOOP("errors", "The period is not valid."),
    "bad_schema": QT_TRANSLATE_NOOP("errors", "The database schema name is not valid."),
    "text_too_long": QT_TRANSLATE_NOOP("errors", "The text is too long."),
    "unknown_user": QT_TRANSLATE_NOOP("errors", "The user does not exist."),
    "unknown_department": QT_TRANSLATE_NOOP("errors", "The department does not exist."),
    "unknown_grid": QT_TRANSLATE_NOOP("errors", "The grid does not exist."),
    "unknown_street": QT_TRANSLATE_NOOP("errors", "The street or town does not exist."),
    "not_an_image": QT_TRANSLATE_NOOP("errors", "The file is not a photo."),
    "file_too_large": QT_TRANSLATE_NOOP("errors", "The file is too large."),
    "image_too_large": QT_TRANSLATE_NOOP("errors", "The photo is too large."),
    "disk_full": QT_TRANSLATE_NOOP(
        "errors", "The disk is full: nothing was saved. Free some space and try again."
    ),
    "bad_credentials": QT_TRANSLATE_NOOP("errors", "Wrong user name or password."),
    "account_disabled": QT_TRANSLATE_NOOP("errors", "This account is disabled."),
    "locked_out": QT_TRANSLATE_NOOP("errors", "Too many failed logins: wait and try again."),
    "session_expired": QT_TRANSLATE_NOOP("errors", "Your session has expired: log in again."),
    "session_revoked": QT_TRANSLATE_NOOP("errors", "Your session was ended: log in again."),
    "not_logged_in": QT_TRANSLATE_NOOP("errors", "Log in first."),
    "offline": QT_TRANSLATE_NOOP("errors", "The sync service cannot be reached."),
    "unreachable": QT_TRANSLATE_NOOP("errors", "The sync service cannot be reached."),
    "password_too_short": QT_TRANSLATE_NOOP("errors", "The password is too short."),
    "password_common": QT_TRANSLATE_NOOP("errors", "The password is too common."),
    "password_mismatch": QT_TRANSLATE_NOOP("errors", "The two passwords differ."),
    "password_like_username": QT_TRANSLATE_NOOP(
        "errors", "The password must not look like the user name."
    ),
    "wrong_password": QT_TRANSLATE_NOOP("errors", "The current password is wrong."),
    "bad_tile_source": QT_TRANSLATE_NOOP("errors", "The base map settings are not valid."),
    "bad_mbtiles": QT_TRANSLATE_NOOP("errors", "The MBTiles file cannot be used."),
    "bad_geojson": QT_TRANSLATE_NOOP("errors", "The GeoJSON file cannot be used."),
}


def error_text(exc: GridappError) -> str:
    """The message to show for ``exc`` in the current interface language."""
    known = BY_CODE.get(exc.code)
    if chinese():
        if CJK.search(exc.message or ""):
            return exc.message
        if known:
            return QCoreApplication.translate("errors", known)
        return QCoreApplication.translate("errors", "The operation was not completed.")
    if known and exc.message and exc.message != known:
        return f"{known} ({exc.message})"
    return known or exc.message


def code_text(exc: GridappError) -> str:
    """The line under the message: the code, for the help desk."""
    return QCoreApplication.translate("errors", "Error code: {code}").format(code=exc.code)
