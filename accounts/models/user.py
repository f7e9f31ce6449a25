"""The user: a person whose email address is their login."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.dates import DateBoundsMixin, DateWindow, sane_window

from ..names import full_name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(DateBoundsMixin, AbstractUser):
    """A person. Email is the login; there is no username."""

    # No username column: the email is the login. The stubs declare the inherited field.
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    # Set when the person was erased: the row is then an anonymous placeholder that keeps
    # their records counted (``accounts.erasure``).
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # An email-only manager where the stubs expect Django's username one.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    def date_bounds(self) -> dict[str, DateWindow]:
        """Joining and signing in have happened (administrators can edit both)."""
        return dict.fromkeys(("date_joined", "last_login"), sane_window(past=True))

    def get_full_name(self) -> str:
        """The name in its script's order (``accounts.names.full_name``)."""
        return full_name(given=self.first_name, family=self.last_name)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email
