"""quotemark's command line: ``python build.py [command] [options]`` (see --help)."""

import sys

from quotemark.cli import main

if __name__ == "__main__":
    sys.exit(main())
