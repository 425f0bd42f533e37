"""Who may write: bearer tokens configured by the operator (COUNCILKG_WRITE_TOKENS, `name:token`
pairs separated by commas). Each token has a name so one can be revoked without the others.
Tokens are compared in constant time; reads never need one."""
from __future__ import annotations

import hmac

from fastapi import HTTPException, Request

from graph.errors import ConfigError
from service.state import state


def parse_tokens(raw: str) -> dict[str, str]:
    """`alice:s3cret,ci:t0ken` -> {"alice": "s3cret", "ci": "t0ken"}; ConfigError on a malformed pair."""
    tokens: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in raw.split(","))):
        name, sep, token = pair.partition(":")
        if not sep or not name.strip() or len(token.strip()) < 8:
            raise ConfigError("COUNCILKG_WRITE_TOKENS must be name:token pairs separated by commas, each token "
                              "at least 8 characters, e.g. COUNCILKG_WRITE_TOKENS=alice:9f2c1e7a5b3d")
        tokens[name.strip()] = token.strip()
    return tokens


def writer_name(tokens: dict[str, str], authorization: str | None) -> str | None:
    """The name of the writer whose token the Authorization header carries, else None."""
    if not authorization or not authorization.lower().startswith("bearer "):
        return None
    given = authorization[7:].strip().encode("utf-8")
    found = None
    for name, token in tokens.items():  # compare with every token, so timing says nothing
        if hmac.compare_digest(given, token.encode("utf-8")):
            found = name
    return found


def require_writer(request: Request) -> str:
    """FastAPI dependency for write routes: the writer's name, or 401 with nothing written."""
    tokens = parse_tokens(state(request).settings.write_tokens)
    if not tokens:
        raise HTTPException(401, "writes are disabled on this server: the operator sets COUNCILKG_WRITE_TOKENS "
                                 "to enable them", headers={"WWW-Authenticate": 'Bearer realm="councilkg"'})
    name = writer_name(tokens, request.headers.get("authorization"))
    if name is None:
        raise HTTPException(401, "writing needs a valid token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": 'Bearer realm="councilkg", error="invalid_token"'})
    return name
