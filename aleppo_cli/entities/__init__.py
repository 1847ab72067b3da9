"""Entity stage: mentions, roles, cross-document resolution and lookup.

    find_mentions(text, sentences, segments=None) -> list[Mention]
    find_roles(text, sentences, mentions) -> list[RoleFact]
    resolve_entities(docs: Sequence[DocEntities], aliases: AliasTable) -> list[Entity]
    load_aliases(extra_path=None) -> AliasTable
    lookup(entities, name) -> LookupResult
"""

from aleppo_cli.entities.aliases import AliasError, AliasTable, load_aliases
from aleppo_cli.entities.lookup import LookupResult, lookup
from aleppo_cli.entities.recognize import Mention, find_mentions
from aleppo_cli.entities.resolve import DocEntities, Entity, resolve_entities
from aleppo_cli.entities.roles import RoleFact, find_roles

__all__ = ["AliasError", "AliasTable", "DocEntities", "Entity", "LookupResult", "Mention", "RoleFact",
           "find_mentions", "find_roles", "load_aliases", "lookup", "resolve_entities"]
