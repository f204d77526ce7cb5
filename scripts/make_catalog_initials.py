"""Fill the pinyin initials (拼音首字母) of every category into categories.json.

A one-off maintenance script: the initials are stored in the json so that
pypinyin stays a dev-time tool and never becomes a runtime dependency.
Run it after adding or renaming a category:

    .venv/bin/python scripts/make_catalog_initials.py [path/to/categories.json]

It also rewrites the file in the canonical layout (leaf objects on one line).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from pypinyin import Style, lazy_pinyin

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "db" / "reference" / "categories.json"
_LEAF_OBJECT = re.compile(r"\{\n\s+([^{}\[\]]*?)\n\s*\}")


def initials(name: str) -> str:
    """One lowercase letter per Chinese character; ASCII letters/digits kept, the rest dropped."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(ch for ch in "".join(letters).lower() if ch.isascii() and ch.isalnum())


def dump(data: Any) -> str:
    """Indented JSON with leaf objects (stages, limits, departments) kept on one line."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _LEAF_OBJECT.sub(lambda m: "{" + re.sub(r",\n\s+", ", ", m.group(1)) + "}", text)
    return text + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for category in data["categories"]:
        value = initials(category["name"])
        if category.get("initials") != value:
            category["initials"] = value
            changed += 1
    path.write_text(dump(data), encoding="utf-8")
    print(f"{path}: {len(data['categories'])} categories, {changed} initials updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
