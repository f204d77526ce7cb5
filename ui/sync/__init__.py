"""Login, sync status, refused events: the window's side of ``ws.sync``."""
