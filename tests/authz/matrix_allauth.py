"""The matrix's rows for allauth: the signed-in person's own account (no object ids)."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str

from .matrix_entry import (
    Entry,
    everyone,
    signed_in,
)
from .world import (
    ANON,
    CAST,
    MENTEE,
    OUTSIDER,
    World,
)

_SIGNED_OUT_ONLY = {ANON: 200, **dict.fromkeys(CAST[1:], 302)}  # signed in: sent onwards


def _confirm_key(world: World) -> dict:
    address = world.objects["email_address"]
    return {"key": EmailConfirmationHMAC(address).key}


def _reset_key(world: World) -> dict:
    # From the database: signing in (force_login) changes the cast's in-memory last_login,
    # which the token hashes.
    user = type(world.user(MENTEE)).objects.get(pk=world.user(MENTEE).pk)
    return {"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)}


ALLAUTH: dict[str, Entry] = {
    "account_login": Entry(_SIGNED_OUT_ONLY),
    "account_signup": Entry(_SIGNED_OUT_ONLY),
    "account_logout": Entry(signed_in(anonymous=302)),
    "account_inactive": Entry(everyone()),
    "account_reauthenticate": Entry(signed_in()),
    "account_email": Entry(signed_in()),
    "account_email_verification_sent": Entry(everyone()),
    "account_change_password": Entry(signed_in()),
    "account_set_password": Entry(signed_in(302)),  # they have a password: sent to change it
    "account_reset_password": Entry(everyone()),
    "account_reset_password_done": Entry(everyone()),
    "account_reset_password_from_key_done": Entry(everyone()),
    # Emailed keys: the key is the credential (and is moved into the session at once).
    "account_confirm_email": Entry(everyone(), kwargs=_confirm_key, token_holder=True),
    "account_reset_password_from_key": Entry(everyone(302), kwargs=_reset_key, token_holder=True),
    "account_confirm_login_code": Entry(everyone(302)),  # no login code pending
    "mfa_index": Entry(signed_in()),
    # Only the outsider has an authenticator (recovery codes); force_login is not a
    # recent enough sign-in, so pages that change authenticators ask to reauthenticate.
    "mfa_authenticate": Entry(everyone(302)),  # no sign-in pending a second factor
    "mfa_reauthenticate": Entry({**signed_in(302), OUTSIDER: 200}),
    "mfa_activate_totp": Entry(signed_in(302)),
    "mfa_deactivate_totp": Entry(signed_in(404)),  # nobody in the cast has TOTP
    "mfa_view_recovery_codes": Entry({**signed_in(404), OUTSIDER: 302}),
    "mfa_generate_recovery_codes": Entry(signed_in(302)),
    "mfa_download_recovery_codes": Entry({**signed_in(404), OUTSIDER: 302}),
}
