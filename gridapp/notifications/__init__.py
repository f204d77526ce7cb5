"""Notifications: what is new for the acting user since they last looked.

Derived from the local store only (pulled and local events, the cases' deadlines
computed with the working calendar), so they work offline too. ``facade`` is what
the Workspace exposes as ``ws.notifications``; ``derive`` holds the rules.
"""

from gridapp.notifications.model import Kind, Notification

__all__ = ["Kind", "Notification"]
