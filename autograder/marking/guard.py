"""Who may talk to the marking app, and the headers every answer of it carries.

Trust boundary: any local user can reach 127.0.0.1, and any web page the TA opens can make the
TA's browser send requests to it (a student's linked page, another local user's server on
another port of 127.0.0.1, which is the same *site* for SameSite cookies). So, in ``check``:

- a request whose ``Host`` is not the app's own (``127.0.0.1:PORT``, ``localhost:PORT``,
  ``[::1]:PORT``) is refused with 400 (DNS rebinding);
- every other request needs the run's secret: the token in the URL that ``mark`` prints
  (``secrets.token_urlsafe``), exchanged on a GET for an HttpOnly, SameSite=Strict cookie named
  after the port (several ``mark`` processes coexist) holding a second secret, then a redirect
  to the same URL without the token; without a valid cookie, 403 (``hmac.compare_digest``);
- a request that may change something (not GET or HEAD) must come from the app's own page: its
  ``Origin`` (or, when a browser sends none, its ``Referer``) is the app's own origin, and the
  JSON API also needs the ``X-Marking`` header (a cross-site page cannot send it without a CORS
  preflight, which the app never allows). GET never changes anything (``app``).

``secure`` gives every response a Content-Security-Policy (scripts, styles, images and form
posts to the app only, no framing, no ``<base>``, no plugins) unless it set a stricter one
(figures), no framing, no sniffing, no referrer to other sites and no caching.
"""
import hmac
import urllib.parse

import flask

HEADER = "X-Marking"
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'none'")
FIGURE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
                 "form-action 'none'; frame-ancestors 'none'; sandbox")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def own_hosts(port):
    """The ``Host`` values of this app's own URLs (none before it knows its port)."""
    if not port:
        return set()
    return {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}


def cookie_name(port):
    return f"marking-{port}"


def same_secret(given, secret):
    return isinstance(given, str) and hmac.compare_digest(given.encode(), secret.encode())


def refuse(status, why):
    response = flask.make_response(why + "\n", status)
    response.mimetype = "text/plain"
    return response


def same_origin(request):
    """A POST comes from one of this app's pages: its Origin (or its Referer) is ours."""
    own = f"http://{request.host.lower()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == own
    referrer = request.headers.get("Referer") or ""
    return referrer == own or referrer.startswith(own + "/")


def check(config):
    """None when the current request may go on; else the response that refuses it (or, for the
    token's URL, the one that sets the cookie). ``config``: the app's (port, token, session)."""
    request, port = flask.request, config["port"]
    if request.host.lower() not in own_hosts(port):
        return refuse(400, "this app answers only to its own address (127.0.0.1:PORT)")
    if not same_secret(request.cookies.get(cookie_name(port)), config["session"]):
        token = request.args.get("token")
        if request.method != "GET" or not same_secret(token, config["token"]):
            return refuse(403, "open the URL that `python -m autograder mark` printed (with "
                               "its ?token=...)")
        query = urllib.parse.urlencode([(k, v) for k, v in request.args.items(multi=True)
                                        if k != "token"])
        path = "/" + request.path.lstrip("/")  # never "//host": a redirect stays here
        response = flask.redirect(path + (f"?{query}" if query else ""), 303)
        response.set_cookie(cookie_name(port), config["session"], httponly=True,
                            samesite="Strict", path="/")
        return response
    if request.method not in SAFE_METHODS and (not same_origin(request) or (
            request.path.startswith("/api/") and request.headers.get(HEADER) != "1")):
        return refuse(403, "a change must come from the marking app's own page")
    return None


def secure(response):
    response.headers.setdefault("Content-Security-Policy", PAGE_POLICY)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response
