"""Read-only admin mixins for rows the application writes through its services.

``NoAddAdminMixin``: never added from a blank admin form (staff may still change or, unless
``deletable = False``, delete one). ``ReadOnlyAdminMixin``: never added or changed either, so
Django shows every field read-only; deleting is refused too unless ``deletable = True``.
Put the mixin first in the bases, before the ModelAdmin or InlineModelAdmin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The type checker sees the mixins as the model admin (or inline) they are mixed into, for
# ``super()``; at run time they are plain mixins.
if TYPE_CHECKING:
    from django.contrib.admin.options import BaseModelAdmin

    _ModelAdmin = BaseModelAdmin[Any]
else:
    _ModelAdmin = object


class NoAddAdminMixin(_ModelAdmin):
    deletable = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)


class ReadOnlyAdminMixin(NoAddAdminMixin):
    deletable = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
