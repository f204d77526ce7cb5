"""gridapp desktop client (PySide6). Talks to the core only through gridapp.Workspace."""
