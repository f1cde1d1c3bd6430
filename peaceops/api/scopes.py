"""Token scopes of the API's routers: each router declares, in one line, which scopes its routes accept.

    router = Router(tags=["incidents"], auth=scoped("incidents"))

`scoped("incidents")` lets a bearer token read with `incidents:read` (or `incidents:write`: who may change a
resource may read it) and change with `incidents:write`; `admin` passes everywhere a scope is declared. A
resource whose scopes are named otherwise says so: `scoped(read=["partners:feed"], write=["incidents:write"])`
reads with `partners:feed` only (a write scope of another resource never reads it). A route whose router
declares no scope for a method refuses every token for it (`auth.BearerOrSession.check_scope`), and
tests/security/test_token_scopes.py fails for it. The scope names must exist in
`peaceops.core.choices.TokenScope`, so that the token pages and `peaceops create-token --scope` offer them.
Signed-in sessions are not subject to scopes.
"""

from peaceops.core.choices import TokenScope

from .auth import BearerOrSession


def scoped(resource: str | None = None, *, read=None, write=None) -> list[BearerOrSession]:
    """The `auth=` of a router whose routes accept `<resource>:read`/`<resource>:write` (or `read`/`write`).

    A resource without a `<resource>:write` scope (e.g. geo, read only) declares no write scope: no token
    changes it through the API (there is no such route today).
    """
    known = set(TokenScope.values)
    if write is None:
        write = [s for s in [f"{resource}:write"] if s in known]
    read = list(read) if read is not None else [f"{resource}:read", *write]
    unknown = [s for s in [*read, *write] if s not in known]
    if unknown:
        raise ValueError(f"unknown token scope {unknown[0]!r}: add it to peaceops.core.choices.TokenScope")
    return [BearerOrSession(read_scopes=tuple(read), write_scopes=tuple(write))]
