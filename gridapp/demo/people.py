"""Departments and users of the demo district: every role, district and town level.

Town centres (北郊镇, 南郊镇, 王村镇) run their own intake, shift lead and
dispatch with town departments (分层分级); the five urban 街道 go straight to the
district centre. Every demo user has the password ``DEMO_PASSWORD``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from gridapp.domain.catalog import load_departments
from gridapp.domain.geo import Grid
from gridapp.domain.roles import Role
from gridapp.store.reference import DepartmentRecord, StreetRecord, UserRecord

DEMO_PASSWORD = "demo1234"
TOWN_PREFIX = {"370306101": "bj", "370306102": "nj", "370306103": "wc"}
# Town departments: (code suffix, name suffix, short) — shorts match district ones.
TOWN_DEPARTMENTS = (
    ("ZF", "综合行政执法办", "执法"),
    ("HW", "环卫所", "环卫"),
    ("CJ", "村镇建设办", "市政"),
    ("LH", "园林绿化站", "园林"),
)
_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志鹏宇浩然婷晨欣怡佳俊峰"


def demo_departments(streets: Sequence[StreetRecord]) -> list[DepartmentRecord]:
    depts = [
        DepartmentRecord(code=d.code, name=d.name, short=d.short, level="district")
        for d in load_departments()
    ]
    for street in streets:
        if not street.has_centre:
            continue
        for suffix, name, short in TOWN_DEPARTMENTS:
            depts.append(
                DepartmentRecord(
                    code=f"T{street.code[-3:]}{suffix}",
                    name=f"{street.name}{name}",
                    short=short,
                    level="town",
                    street_code=street.code,
                )
            )
    return depts


def _person(rng: random.Random, used: set[str]) -> str:
    while True:
        name = rng.choice(_SURNAMES) + "".join(
            rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))
        )
        if name not in used:
            used.add(name)
            return name


def demo_users(
    streets: Sequence[StreetRecord],
    grids: Sequence[Grid],
    departments: Sequence[DepartmentRecord],
    password_hash: str,
    seed: int,
) -> list[UserRecord]:
    rng = random.Random(seed)
    used: set[str] = set()

    def user(username: str, role: Role, **kw: object) -> UserRecord:
        return UserRecord(
            username=username,
            display_name=_person(rng, used),
            role=role,
            password_hash=password_hash,
            **kw,  # type: ignore[arg-type]
        )

    users = [
        user("admin", Role.ADMIN),
        user("ducha", Role.SUPERVISOR),
        user("shouli", Role.INTAKE),
        user("shouli2", Role.INTAKE),
        user("zhiban", Role.SHIFT_LEAD),
        user("paiqian", Role.DISPATCHER),
        user("paiqian2", Role.DISPATCHER),
    ]
    for street in streets:
        if street.has_centre:
            prefix = TOWN_PREFIX.get(street.code, street.code[-3:])
            for suffix, role in (("shouli", Role.INTAKE), ("zhiban", Role.SHIFT_LEAD)):
                users.append(user(f"{prefix}-{suffix}", role, street_code=street.code))
            users.append(user(f"{prefix}-paiqian", Role.DISPATCHER, street_code=street.code))
    for dept in departments:
        users.append(user(f"bm-{dept.code.lower()}", Role.DEPARTMENT, department_code=dept.code))
    # One grid officer per community, responsible for all of its grids.
    by_community: dict[str, list[str]] = {}
    for grid in sorted(grids, key=lambda g: g.code):
        by_community.setdefault(grid.community_code, []).append(grid.code)
    for n, (_community, codes) in enumerate(sorted(by_community.items()), start=1):
        users.append(user(f"wg{n:03d}", Role.GRID_OFFICER, grid_codes=frozenset(codes)))
    return users
