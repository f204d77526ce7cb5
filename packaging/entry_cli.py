"""Entry point of ``gridapp-cli`` in the bundle: the ``gridapp`` command line (no Qt).

Same sub-commands as ``.venv/bin/gridapp``: ``demo``, ``report``, ``serve``, ``restore``…
"""

import multiprocessing
import sys

from gridapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # `serve --workers N` spawns frozen children
    sys.exit(main())
