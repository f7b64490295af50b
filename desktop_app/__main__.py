"""``python -m desktop_app`` runs the same command as ``exportmatch``."""

import sys

from desktop_app.cli import main

sys.exit(main())
