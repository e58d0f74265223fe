"""The registry: filter type name -> Filter class. The explicit list *is* the set of types.

No discovery magic and no priority numbers: a route's `filters:` list gives the order.
Built-in filters (like `access`) need no section under `filters:`; they are instantiated
with their default Config under their own name.
"""

from __future__ import annotations

from filters.access import AccessFilter
from filters.base import Filter
from filters.flooding import FloodingFilter
from filters.injection import InjectionFilter
from filters.keywords import KeywordsFilter
from filters.pii import PiiFilter

FILTER_TYPES: dict[str, type[Filter]] = {
    AccessFilter.type_name: AccessFilter,
    KeywordsFilter.type_name: KeywordsFilter,
    InjectionFilter.type_name: InjectionFilter,
    FloodingFilter.type_name: FloodingFilter,
    PiiFilter.type_name: PiiFilter,
}

# name usable in a route without a `filters:` entry -> filter type
BUILT_IN: dict[str, str] = {
    "access": AccessFilter.type_name,
}


def built_in_filter_names() -> tuple[str, ...]:
    return tuple(BUILT_IN)
