"""Notifications on the desktop: the bell with its unread badge, the list, the tray."""
