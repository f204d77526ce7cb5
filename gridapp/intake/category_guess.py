"""Guessing a work order's small class from its 诉求类别 and 诉求内容.

A class's name (占道经营) or one of its catalog ``keywords`` (流动摊贩) found in the
text scores for it; a word in the platform's own category counts more than one in the
caller's words, and a longer word more than a short one. Only a clear winner is taken:
when two classes tie (every 井盖 class shares the word 井盖) intake chooses, since a
wrong class sends the case to the wrong department with the wrong deadline.
"""

from __future__ import annotations

from gridapp.domain.catalog import Catalog

_GENERIC = frozenset({"其他", "其它"})  # a class named 其他 is never a guess


class CategoryGuesser:
    def __init__(self, catalog: Catalog) -> None:
        self._words: list[tuple[str, str]] = []  # (word, category code)
        for cat in catalog.active():
            for word in (cat.name, *cat.keywords):
                if len(word) >= 2 and word not in _GENERIC and "其他" not in word:
                    self._words.append((word, cat.code))

    def guess(self, category_text: str, content: str) -> str | None:
        scores: dict[str, float] = {}
        for word, code in self._words:
            score = 0.0
            if word in category_text:
                score += 10 * len(word)
            if word in content:
                score += len(word)
            if score:
                scores[code] = max(scores.get(code, 0.0), score)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
            return None
        return ranked[0][0]
