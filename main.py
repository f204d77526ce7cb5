"""gridapp desktop client. Start the embedded demo with: scripts/demo.sh"""

import os
import sys

if __name__ == "__main__":
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # QtWebEngine refuses to start as root with its sandbox on.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ui.app import main

    sys.exit(main())
