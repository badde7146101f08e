import sys

from .cli import main

if __name__ == "__main__":  # sandbox children re-import this module; they must not run the CLI
    sys.exit(main())
