"""`python -m loaders.extract FILE...`."""

import sys

from .cli import main

sys.exit(main())
