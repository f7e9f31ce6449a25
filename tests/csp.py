"""What the Content-Security-Policy (settings.CONTENT_SECURITY_POLICY) requires of a page,
for the tests that hold it: the header's directives, and the markup the policy would block
(inline scripts, event-handler attributes, javascript: URLs, inline styles)."""

from __future__ import annotations

from html.parser import HTMLParser

# The policy every HTML response must carry, directive by directive.
REQUIRED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
UNSAFE = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*")
# <script type=…> blocks a browser never runs (data for a script, e.g. Django's json_script).
DATA_SCRIPTS = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


def parse_policy(header: str) -> dict[str, set[str]]:
    """``"default-src 'self'; img-src 'self' data:"`` as ``{directive: {sources}}``."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = set(words[1:])
    return policy


def policy_problems(header: str | None) -> list[str]:
    """How ``header`` (a Content-Security-Policy value, or None) falls short of REQUIRED."""
    if not header:
        return ["no Content-Security-Policy header"]
    policy = parse_policy(header)
    problems = [
        f"{name} is {sorted(policy.get(name, set()))}, not {sorted(sources)}"
        for name, sources in REQUIRED.items()
        if policy.get(name) != sources
    ]
    problems += [
        f"{name} allows {word}"
        for name, sources in policy.items()
        for word in UNSAFE
        if word in sources
    ]
    return problems


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        shown = self.get_starttag_text() or tag
        data = (values.get("type") or "").lower() in DATA_SCRIPTS
        if tag == "script" and not values.get("src") and not data:
            self.found.append(f"inline script: {shown[:120]}")
        if tag == "style":
            self.found.append("a <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"event handler {name}=: {shown[:120]}")
            elif name == "style":
                self.found.append(f"style= attribute: {shown[:120]}")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL: {shown[:120]}")


def blocked_markup(html: str) -> list[str]:
    """What in ``html`` the policy would block (each with the tag that carries it)."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found
