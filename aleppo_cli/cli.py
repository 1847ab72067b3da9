"""Typer glue for the ``aleppo`` command (filled in by the foundation work)."""


def main() -> None:
    raise SystemExit(0)
