"""Entity stage: mentions, roles, cross-document resolution and lookup.

    find_mentions(text, sentences, segments=None) -> list[Mention]
    find_roles(text, sentences, mentions) -> list[RoleFact]
    resolve_entities(docs: Sequence[DocEntities], aliases: AliasTable) -> list[Entity]
    load_aliases(extra_path=None) -> AliasTable
    lookup(entities, name) -> LookupResult
"""

from importlib import import_module
from typing import Any

# ``lookup`` is both a module and the function in it: importing the module anywhere
# would rebind the package's ``lookup`` to the module, so the function is bound here,
# after it (the module is light: no regexes, no word lists).
from aleppo_cli.entities.lookup import LookupResult, lookup

# Each name is imported from its module on first use: a cached ``aleppo who`` needs
# ``lookup`` but not the recogniser's regexes and word lists.
_HOME = {
    "AliasError": "aliases", "AliasTable": "aliases", "load_aliases": "aliases",
    "Mention": "recognize", "find_mentions": "recognize",
    "DocEntities": "resolve", "Entity": "resolve", "resolve_entities": "resolve",
    "RoleFact": "roles", "find_roles": "roles",
}

__all__ = sorted([*_HOME, "LookupResult", "lookup"])


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
