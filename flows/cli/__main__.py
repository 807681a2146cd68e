"""`python -m flows.cli` is `pmo`."""

from flows.cli import main

main()
