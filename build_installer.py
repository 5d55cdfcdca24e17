"""Build the distributable of the command center (PyInstaller), from a clean checkout.

Not built yet: packaging (PyInstaller spec with the Qt WebEngine process, the map page's npm assets,
the compiled translations and the forms; a signed installer per platform) is its own piece of work.
Until then this script says so and fails, rather than producing something that looks like an
installer and is not one. Run the app from a checkout: `bash .ci/setup && commandcenter`.
"""

from __future__ import annotations

import sys


def main() -> int:
    print(
        "build_installer.py: the installer is not implemented yet; run from a checkout with "
        "`bash .ci/setup && commandcenter` (see README.md).",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
