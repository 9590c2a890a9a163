"""``python -m outcomes``: see :mod:`outcomes.cli`."""
import sys

from outcomes.cli import main

sys.exit(main())
