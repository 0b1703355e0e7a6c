"""``python -m werkatelier``: the same as the ``werkatelier`` command."""

from werkatelier.cli import main

if __name__ == "__main__":  # pytest --doctest-modules imports this module too
    raise SystemExit(main())
