"""`python -m ui.serve [streamlit options]`: `streamlit run dashboard.py` with the caches warmed as it starts.

scripts/start.sh, docs/deploy.md and the browser tests start the app this way. The warm-up (ui/warm.py) runs in
a background thread while Streamlit starts its server, so a link opened on a fresh server finds the imports, the
store and the newest year's frames ready. Options are `streamlit run`'s (--server.port 8502 ...).
"""

from __future__ import annotations

import sys
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"


def main(argv: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from ui import warm

    # This server only ever runs dashboard.py, which calls st.navigation: without this, Streamlit treats pages/
    # as an old-style multipage app until a first st.navigation, and a fresh server's first deep link ran the
    # page alone, then again through dashboard.py (ui/navigation.py), ~0,3 s of the first visitor's wait.
    PagesManager.uses_pages_directory = False
    warm.start()
    cli.main(["run", str(DASHBOARD), *argv], prog_name="streamlit")  # click exits with Streamlit's status
    return 0


# Only when run: a reader's worker process (loaders/worker.py, forkserver) imports the parent's __main__ again
# as __mp_main__, and must not start a second server.
if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
