"""Allow ``python -m clerkbook``."""

from clerkbook.cli import main

if __name__ == "__main__":
    main()
