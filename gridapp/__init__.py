"""gridapp core: urban grid management without any Qt.

The UI talks only to :class:`gridapp.Workspace`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from gridapp.workspace import Changes, Workspace

__all__ = ["Changes", "Workspace", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy so that importing a small piece of the core does not load SQLAlchemy.
    if name in ("Workspace", "Changes"):
        from gridapp import workspace

        return getattr(workspace, name)
    raise AttributeError(name)
