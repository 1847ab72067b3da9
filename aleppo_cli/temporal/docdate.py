from __future__ import annotations
class DateConstraints: pass
def date_constraints(*a): pass
def infer_published(*a): pass
