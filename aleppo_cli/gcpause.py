"""Pausing Python's cyclic garbage collector around allocation-heavy steps."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block.

    Unpickling records, resolving entities or merging events allocates hundreds
    of thousands of objects and frees almost none, so every collection the
    allocations trigger walks them all for nothing: pausing it made reading a
    cached corpus 2.5 times faster.  What these steps build holds no cycles that
    need collecting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
