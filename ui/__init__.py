"""gridapp desktop client (PySide6). Talks to the core only through gridapp.Workspace.

The facade (and with it the core's ~330 modules: SQLAlchemy, numpy, …) is imported
here, before any PySide6 module. PySide6 hooks every import made once it is loaded and
reads the source of each module it has not seen, looking for "PySide6"
(``shibokensupport.feature``): for the core that was ~0.1 s of a cold start's CPU.
"""

import gridapp.workspace  # noqa: F401  (before PySide6: see above)
