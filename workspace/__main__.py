"""``python -m workspace copy SOURCE TARGET``: see :mod:`workspace.copy`."""
import sys

from workspace.copy import main

sys.exit(main(sys.argv[1:]))
