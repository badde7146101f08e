"""The marking app against a class of hostile students and a hostile second user of the machine.

Every student-controlled field (written answer markdown, a code cell, a formula, an attachment
name, the STUDENT ID, the submission's file name, the reason a notebook cannot be read) and the
TA's comment carry ``<``, ``"`` and ``'`` plus injected markup (a hidden rubric list, a form, an
image to the names toggle); every page must show them as text. Requests without the run's token
or from another Host or origin change nothing; GET never changes marks.sqlite; rendering is
bounded and done once; the marks CSV is neutralised and read within limits. The last test
clicks through a hostile answer in Chromium (Playwright), as a TA does.
"""
import csv
import html.parser
import json
import os
import shutil
import sqlite3
import threading
import time
import tracemalloc

import pytest

from autograder import cli, safeio
from autograder.grading import grade, gradebook
from autograder.marking import app as app_mod, export_csv, guard, import_csv, render
from autograder.marking import store as store_mod
from test_marking import BASE, PNG, PORT, Sub, cell, demo_bundle, make_app, signed_in, submission

EVIL = 'class="evil" id="evil"'
INJECTED = (f'<ol id="rubric" {EVIL} hidden><li data-item="1" data-key="n">all</li></ol>'
            f'<form {EVIL} method="post" action="/names"><input name="on" value="1">'
            f'<button id="save-next">Mark and go to the next ungraded (n)</button></form>'
            f'<img {EVIL} src="/names/1"><base href="http://evil.example/">')


def probe(field):
    """What a student writes in ``field``: the three characters, and a marker tag."""
    return f"<s>\"{field}'"


STUDENT_ID = probe("sid")  # an identity from an e-mailed notebook or the LMS
FILE_NAME = probe("file") + ".ipynb"
COMMENT = probe("comment")


def hostile_notebook():
    w1 = (f"{probe('md')} {INJECTED}\n\n$\\text{{{INJECTED}}}$ and $x^2$\n\n"
          f"```\n</code></pre>{INJECTED}{probe('fence')}\n```\n\n"
          f"![{probe('alt')}](attachment:{probe('att')}.png)")
    return submission(w1, [
        cell("markdown", f"![{probe('alt2')}](attachment:p.png)", "c6",
             attachments={"p.png": {"image/png": PNG}}),
        cell("code", f"</code></pre>{INJECTED}\nprint(1)  # {probe('code')}", "x1",
             outputs=[{"output_type": "display_data", "data": {"image/png": PNG}}])])


def unreadable_notebook():
    nb = json.loads(submission("fine"))
    nb["cells"][2]["attachments"] = {probe("reason"): 5}  # the reason quotes the name
    return json.dumps(nb).encode()


def grading_folder(home, datas, files):
    """The app on a graded folder of the demo homework: {student id: notebook bytes}."""
    bundle = demo_bundle()
    rows, taken = [], set()
    for student_id in datas:
        row = grade.Row(files[student_id], student_id, "ok", scores={"q1": 6.0},
                        id_source="blackboard")
        row.result_name = safeio.file_name(student_id, taken)
        taken.add(row.result_name)
        rows.append(row)
    gradebook.write_outputs(home, "demo", bundle, rows, "_9",
                            submissions=[Sub(d) for d in datas.values()],
                            log=lambda line: None)
    marking = app_mod.Marking(home, "demo", bundle, gradebook.load_state(home)["rows"])
    return make_app(marking), marking


@pytest.fixture
def hostile(tmp_path):
    """A grading folder with an honest student, a hostile one and an unreadable notebook."""
    datas = {"honest": submission("x times x"), STUDENT_ID: hostile_notebook(),
             probe("sid2"): unreadable_notebook()}
    files = {"honest": "honest.ipynb", STUDENT_ID: FILE_NAME, probe("sid2"): "u.ipynb"}
    return grading_folder(tmp_path, datas, files)


def key_of(marking, student_id):
    return next(s for s in marking.students if s.student_id == student_id)


def dump(home):
    """Every row of marks.sqlite (what a request must not change)."""
    db = sqlite3.connect(store_mod.path_in(home))
    try:
        return list(db.iterdump())
    finally:
        db.close()


class Page(html.parser.HTMLParser):
    """The elements and the text of a page, as a browser's parser sees them."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.elements, self.chunks = [], []
        self.feed(text)
        self.close()
        self.text = "".join(self.chunks)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.chunks.append(data)


def pages(marking):
    """Every page a TA can GET."""
    urls = ["/"] + [f"/q/{q.name}" for q in marking.questions]
    urls += [f"/q/{q.name}/a/{s.label}" for q in marking.questions for s in marking.students]
    return urls


def assert_only_text(url, body):
    """Nothing a student wrote became an element or an attribute of the page."""
    page = Page(body)
    for tag, attrs in page.elements:
        assert tag not in ("s", "base", "ol") or (tag == "ol" and attrs.get("id") == "rubric"), (
            url, tag, attrs)
        assert "evil" not in (attrs.get("class") or "") + (attrs.get("id") or ""), (url, attrs)
        if tag == "img":
            assert "/figure/" in attrs["src"] and attrs["src"].startswith("/q/"), (url, attrs)
        if tag == "form":
            assert attrs.get("action", "").startswith(("/names", "/q/")), (url, attrs)
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert len(ids) == len(set(ids)), (url, ids)
    return page


@pytest.mark.parametrize("names", [False, True])
def test_every_student_field_arrives_as_text_on_every_page(hostile, names):
    app, marking = hostile
    ta = signed_in(app)
    mallory = key_of(marking, STUDENT_ID)
    ta.post(f"/api/q/w1/a/{mallory.label}/mark", json={"comment": COMMENT},
            headers={"X-Marking": "1"})
    if names:
        ta.post("/names", data={"on": "1"})
    shown = {}
    for url in pages(marking):
        response = ta.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert "<s>" not in body, url
        shown[url] = assert_only_text(url, body).text
    mallory_w1, mallory_w2 = (shown[f"/q/{q}/a/{mallory.label}"] for q in ("w1", "w2"))
    for field in ("md", "fence", "alt"):
        assert probe(field) in mallory_w1, field
    assert "attachment:%3Cs%3E%22att'.png" in mallory_w1  # markdown-it's URL encoding
    assert probe("code") in mallory_w2
    assert (probe("alt2"), "img") in [(a.get("alt"), t) for t, a in Page(ta.get(
        f"/q/w2/a/{mallory.label}").get_data(as_text=True)).elements]
    assert COMMENT in mallory_w1 and COMMENT in shown["/q/w1"]
    unreadable = key_of(marking, probe("sid2"))
    assert "'" + probe("reason")[:-1] in shown[f"/q/w1/a/{unreadable.label}"]  # a repr
    for url, text in shown.items():
        assert (STUDENT_ID in text) == (names and (url == "/q/w1" or url == "/q/w2"
                                                   or mallory.label in url)), url
    assert (FILE_NAME in mallory_w1) == names


def test_every_response_carries_the_policy(hostile):
    app, marking = hostile
    ta, stranger = signed_in(app), app.test_client()
    mallory = key_of(marking, STUDENT_ID)
    responses = [ta.get(url) for url in pages(marking)] + [
        ta.get("/static/mark.js"), ta.get("/nope"), ta.post("/names", data={"on": "0"}),
        ta.post("/api/q/w1/a/nobody/mark", headers={"X-Marking": "1"}),
        stranger.get("/"), stranger.get("/", headers={"Host": "evil.example"}),
        ta.get(f"/q/w2/a/{mallory.label}/figure/0/p.png")]
    for response in responses:
        policy = response.headers["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
        assert directives["default-src"] in ("'self'", "'none'"), policy
        assert directives["form-action"] in ("'self'", "'none'"), policy
        assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'none'"
        assert directives.get("img-src", directives["default-src"]) in ("'self'", "'none'")
        assert "unsafe-inline" not in directives.get("script-src", "") + directives.get(
            "style-src", "") or response.mimetype.startswith("image/"), policy
        assert response.headers["X-Frame-Options"] == "DENY"
    assert responses[-1].status_code == 200 and "sandbox" in responses[-1].headers[
        "Content-Security-Policy"]


def test_the_token_is_exchanged_for_a_strict_cookie_and_nothing_opens_without_it(hostile):
    app, marking = hostile
    before = dump(marking.home)
    mallory = key_of(marking, STUDENT_ID)
    item = marking.store().items("w1")[0]["id"]
    change = [("/names", {"data": {"on": "1"}}), ("/q/w1/next", {}),
              (f"/api/q/w1/a/{mallory.label}/toggle/{item}", {"headers": {"X-Marking": "1"}}),
              (f"/api/q/w1/a/{mallory.label}/mark",
               {"json": {"adjustment": 2}, "headers": {"X-Marking": "1"}}),
              ("/api/q/w1/blank-zero", {"headers": {"X-Marking": "1"}}),
              ("/api/q/w1/scoring", {"json": {"scoring": "negative"},
                                     "headers": {"X-Marking": "1"}})]
    other = app_mod.create_app(marking, port=PORT)  # another `mark` run: its own secrets
    forged = {"no cookie": {}, "a guessed cookie": {guard.cookie_name(PORT): "x" * 43},
              "another run's cookie": {guard.cookie_name(PORT): other.config["session"]},
              "the token as cookie": {guard.cookie_name(PORT): app.config["token"]}}
    for what, cookies in forged.items():
        stranger = app.test_client()
        for name, value in cookies.items():
            stranger.set_cookie(name, value, domain="127.0.0.1")
        for url in pages(marking) + ["/static/mark.js",
                                     f"/q/w1/a/{mallory.label}/figure/0/p.png"]:
            assert stranger.get(url).status_code == 403, (what, url)
        for url, extra in change:
            assert stranger.post(url, **extra).status_code == 403, (what, url)
            assert stranger.post(f"{url}?token={app.config['token']}", **extra
                                 ).status_code == 403, (what, url)  # a token opens GETs only
        assert stranger.get(f"/?token={other.config['token']}").status_code == 403
        assert stranger.get("/?token=").status_code == 403
    assert dump(marking.home) == before

    browser = app.test_client()
    response = browser.get(f"/q/w1?done=1&token={app.config['token']}")
    assert response.status_code == 303 and response.headers["Location"] == "/q/w1?done=1"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{guard.cookie_name(PORT)}={app.config['session']};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert app.config["token"] not in cookie
    assert browser.get("/q/w1?done=1").status_code == 200
    assert browser.post(f"/api/q/w1/a/{mallory.label}/toggle/{item}",
                        headers={"X-Marking": "1"}).status_code == 200


def test_a_request_to_another_host_is_refused(hostile):
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 reaches the
    app with its own Host; so does a request on another port. Even with the cookie: refused."""
    app, marking = hostile
    ta = signed_in(app)
    before = dump(marking.home)
    mallory = key_of(marking, STUDENT_ID)
    item = marking.store().items("w1")[0]["id"]
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1", f"127.0.0.1:{PORT + 1}",
                 f"localhost:{PORT + 1}", f"127.0.0.2:{PORT}", f"127.0.0.1:{PORT}.evil.example"):
        assert ta.get("/", headers={"Host": host}).status_code == 400, host
        assert ta.post(f"/api/q/w1/a/{mallory.label}/toggle/{item}",
                       headers={"Host": host, "X-Marking": "1", "Origin": f"http://{host}"}
                       ).status_code == 400, host
    assert dump(marking.home) == before
    for host in (f"127.0.0.1:{PORT}", f"localhost:{PORT}", f"LOCALHOST:{PORT}"):
        browser = app.test_client()  # a browser keeps a cookie per host name
        assert browser.get(f"/?token={app.config['token']}", base_url=f"http://{host}"
                           ).status_code == 303, host
        assert browser.get("/", base_url=f"http://{host}").status_code == 200, host
    assert app_mod.create_app(marking).test_client().get(  # no port known: nothing is ours
        "/", base_url=BASE).status_code == 400


def test_a_get_never_changes_the_database(hostile):
    app, marking = hostile
    ta = signed_in(app)
    ta.post("/q/w1/next")  # a lease, a mark and a comment to keep
    mallory = key_of(marking, STUDENT_ID)
    ta.post(f"/api/q/w1/a/{mallory.label}/mark", json={"comment": "kept"},
            headers={"X-Marking": "1"})
    before = dump(marking.home)
    other = signed_in(app)  # another TA opens every page, and the old GET actions
    for url in pages(marking) + ["/q/w1/next", "/q/w2/next", "/names/1", "/names",
                                 f"/api/q/w1/a/{mallory.label}/mark", "/api/refresh",
                                 f"/api/q/w1/a/{mallory.label}/hold", "/api/q/w1/blank-zero"]:
        response = other.get(url)
        assert response.status_code in (200, 404, 405), url
        assert "names=1" not in response.headers.get("Set-Cookie", ""), url
    assert dump(marking.home) == before
    assert "anonymous" in other.get("/").get_data(as_text=True)


def test_a_change_must_come_from_the_apps_own_page(hostile):
    """CSRF: a page on another origin (a student's page, another local user's server on
    127.0.0.1, which is the same *site* for SameSite) cannot post with the TA's cookie."""
    app, marking = hostile
    ta = signed_in(app)
    mallory = key_of(marking, STUDENT_ID)
    before = dump(marking.home)
    for headers in ({"Origin": "http://evil.example"}, {"Origin": f"http://127.0.0.1:{PORT + 1}"},
                    {"Origin": "null"}, {"Origin": f"{BASE}.evil.example"},
                    {"Origin": None, "Referer": "http://evil.example/x"},
                    {"Origin": None, "Referer": f"{BASE}.evil.example/"}, {"Origin": None}):
        assert ta.post("/names", data={"on": "1"}, headers=headers).status_code == 403, headers
        assert ta.post("/q/w1/next", headers=headers).status_code == 403, headers
        assert ta.post(f"/api/q/w1/a/{mallory.label}/mark", json={"adjustment": 2},
                       headers={**headers, "X-Marking": "1"}).status_code == 403, headers
    assert dump(marking.home) == before
    assert "anonymous" in ta.get("/").get_data(as_text=True)
    referred = ta.post("/names", data={"on": "1"},
                       headers={"Origin": None, "Referer": f"{BASE}/q/w1"})
    assert referred.status_code == 303 and referred.headers["Location"] == "/q/w1"
    back = ta.post("/names", data={"on": "0"}, headers={"Referer": f"{BASE}//evil.example/x"})
    assert back.headers["Location"] == "/evil.example/x"  # a path here, never another host
    signing_in = app.test_client().get(f"/?token={app.config['token']}",
                                       environ_overrides={"PATH_INFO": "//evil.example/"})
    assert signing_in.headers["Location"] == "/evil.example/"


# ---------------------------------------------------------------------------------------------
# rendering: bounded in size and time, once per answer

def test_a_huge_formula_is_cut_text_quickly_and_in_bounded_memory():
    formula = "\\frac{" * 2_000_000  # 12 MB
    source = f"${formula}$"
    tracemalloc.start()
    started = time.perf_counter()
    view = render.answer_view([{"type": "markdown", "source": source, "attachments": {}}],
                              lambda k, key: None)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    page = str(view[0]["html"])
    assert f"too long to render: {len(source)} characters" in page
    assert "<math" not in page and len(page) < 3 * render.SHOWN
    assert seconds < 1 and peak < 8 * 2**20, (seconds, peak)  # the 12 MB input itself aside


def test_a_huge_formula_costs_its_page_little_and_is_rendered_once(tmp_path):
    """Through the app: the page of a 12 MB formula is small and quick, the first view and
    every later one; memory stays within a few copies of the answer file (not GBs)."""
    formula = "\\sqrt{" * 2_000_000
    app, marking = grading_folder(tmp_path, {"big": submission(f"$${formula}$$")},
                                  {"big": "big.ipynb"})
    ta = signed_in(app)
    label = marking.students[0].label
    tracemalloc.start()
    for _ in range(3):
        started = time.perf_counter()
        page = ta.get(f"/q/w1/a/{label}").get_data(as_text=True)
        assert time.perf_counter() - started < 5
        assert f"too long to render: {len(formula) + 4} characters" in page
        assert len(page) < 40_000 and "<math" not in page.split('class="answer"')[1]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 200 * 2**20, peak


def test_a_formula_over_its_limit_is_cut_text_and_the_rest_renders():
    long = "x+" * render.MAX_FORMULA
    page = str(render.markdown_html(f"*before* ${long}$ and $\\frac{{<s>}}{{b}}$"))
    assert f"formula too long to render: {len(long)} characters" in page
    assert "<em>before</em>" in page and "<mfrac>" in page and "<s>" not in page
    assert page.count("x+") <= render.SHOWN_FORMULA


def test_an_answer_cannot_spend_more_than_its_budget():
    many = " ".join(f"$\\sqrt{{{k}}}$" for k in range(1000))
    started = time.perf_counter()
    page = str(render.markdown_html(many))
    assert page.count("<math") == render.MAX_FORMULAS
    assert "rendering budget is spent" in page and time.perf_counter() - started < 10
    spent = render.Budget(seconds=-1)  # the wall-time budget, once spent, renders nothing
    view = render.answer_view([{"type": "markdown", "source": "$x$", "attachments": {}}] * 2,
                              lambda k, key: None, spent)
    assert all("<math" not in str(part["html"]) for part in view)
    cells = [{"type": "code", "source": "x" * (render.MAX_CODE + 5), "images": [{}] * 30}] * (
        render.MAX_PARTS + 3)
    view = render.answer_view(cells, lambda k, key: f"/q/w/a/l/figure/{k}/{key}")
    assert len(view) == render.MAX_PARTS + 1 and view[-1]["text"] == "3 more cells not shown"
    assert len(view[0]["source"]) == render.MAX_CODE and view[0]["notes"]
    assert sum(len(part.get("figures", ())) for part in view) == render.MAX_FIGURES


def test_each_answer_is_rendered_once(hostile, monkeypatch):
    app, marking = hostile
    calls = []
    real = render.answer_view
    monkeypatch.setattr(render, "answer_view", lambda *a, **k: calls.append(1) or real(*a, **k))
    ta = signed_in(app)
    mallory = key_of(marking, STUDENT_ID)
    pages_seen = {ta.get(f"/q/w1/a/{mallory.label}").get_data(as_text=True) for _ in range(3)}
    assert len(calls) == 1 and len(pages_seen) == 1
    cache = render.ViewCache(max_bytes=1000)
    for k in range(5):
        cache.get(k, lambda: [{"source": "x" * 300}])
    assert cache.used <= 1000 and list(cache.views) == [3, 4]


# ---------------------------------------------------------------------------------------------
# the marks CSV and the database file

def test_marks_csv_cells_are_never_formulas_and_read_back_as_they_were(hostile, tmp_path):
    app, marking = hostile
    state = gradebook.load_state(marking.home)
    formula_id = "=HYPERLINK(\"http://evil.example\",\"x\")"
    state["rows"][0]["student_id"] = formula_id  # honest's id, as an LMS could give it
    honest = marking.students[[s.key for s in marking.students].index(
        state["rows"][0]["result_name"])]
    honest.student_id = formula_id
    store = marking.store()
    store.set_points("w1", honest.key, 1, "+cmd|' /C calc'!A0\u2028line two,\r\n\"three\"")
    store.set_points("w2", honest.key, 2, "@SUM(1)\u2028\x0cnot a line break to csv")
    store.close()
    out = tmp_path / "marks.csv"
    assert export_csv(marking, out) == 2
    cells = [c for row in csv.reader(open(out, newline="")) for c in row]
    assert not [c for c in cells if c.startswith(safeio.FORMULA_START)], cells
    assert "'" + formula_id in cells and "'@SUM(1)\u2028\x0cnot a line break to csv" in cells
    again = import_csv(marking, state, out)
    assert (again.applied, again.unchanged, again.rejected) == (0, 2, [])


@pytest.mark.parametrize("content,limit,why", [
    (b"student_id,question,points,comment\n" + b"a,w1,1," + b"x" * 200_000 + b"\n", {},
     "field larger"),
    (b'student_id,question,points,comment\na,w1,1,"x"y\n', {}, "expected after"),
    (b'student_id,question,points,comment\na,w1,1,"open', {}, "unexpected end of data"),
    (b"\xff\xfe\x00garbage", {}, "not UTF-8"),
    (b"student_id,question,points,comment\n" + b"a,w1,1,x\n" * 50, {"MAX_IMPORT_ROWS": 10},
     "more than 10 rows"),
    (b"student_id,question,points,comment\n" + b"a,w1,1,x\n" * 50, {"MAX_IMPORT_BYTES": 100},
     "larger than"),
    (b"name;grade\nx;1\n", {}, "lacks the column"),
])
def test_a_marks_csv_that_cannot_be_read_is_one_line(hostile, tmp_path, monkeypatch, content,
                                                     limit, why):
    import autograder.marking as marking_pkg

    app, marking = hostile

    for name, value in limit.items():
        monkeypatch.setattr(marking_pkg, name, value)
    path = tmp_path / "marks.csv"
    path.write_bytes(content)
    state = gradebook.load_state(marking.home)
    before = dump(marking.home)
    with pytest.raises(ValueError, match=why) as raised:
        import_csv(marking, state, path)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 400
    assert dump(marking.home) == before
    assert csv.field_size_limit() == 131072  # the module's limit is not left behind


def test_rejected_rows_quote_at_most_a_bounded_slice(hostile, tmp_path):
    app, marking = hostile
    path = tmp_path / "marks.csv"
    path.write_text("student_id,question,points,comment\n" + "y" * 60_000 + ",w1,1,\n"
                    "honest,w1,1," + "c" * 6000 + "\n")
    report = import_csv(marking, gradebook.load_state(marking.home), path)
    assert report.applied == 0 and len(report.rejected) == 2
    assert all(len(line) < 200 for line in report.rejected), report.rejected


def test_the_marks_database_is_private_and_never_a_link(hostile, tmp_path):
    app, marking = hostile
    signed_in(app).post("/q/w1/next")
    for suffix in ("", "-wal", "-shm"):
        path = f"{store_mod.path_in(marking.home)}{suffix}"
        if os.path.exists(path):
            assert os.stat(path).st_mode & 0o777 == 0o600, path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "target"
    target.write_text("not a database")
    (elsewhere / store_mod.FILE_NAME).symlink_to(target)
    with pytest.raises(ValueError, match="symbolic link"):
        store_mod.Store(elsewhere)
    assert target.read_text() == "not a database"
    exit_code = cli.main(["mark", "demo", str(elsewhere)])
    assert exit_code == 2


# ---------------------------------------------------------------------------------------------
# in Chromium, clicking as a TA does

CHROMIUM = shutil.which("chromium")


@pytest.fixture
def served(hostile):
    from werkzeug.serving import make_server

    app, marking = hostile
    server = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["port"] = server.server_port
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app, marking
    server.shutdown()


@pytest.fixture
def attacker():
    """Another local user's page on 127.0.0.1 (same site as the app for SameSite cookies)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", pages
    server.shutdown()


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                    reason="Debian's chromium is not installed")
def test_a_ta_marks_a_hostile_answer_in_chromium_and_it_cannot_act(served, attacker):
    from playwright.sync_api import sync_playwright

    from test_marking_browser import shot

    base, app, marking = served
    mallory = key_of(marking, STUDENT_ID)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM or "/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        try:
            context = chromium.new_context()
            page = context.new_page()
            assert page.goto(base + "/").status == 403  # not without the token
            page.goto(f"{base}/?token={app.config['token']}")
            assert page.url == base + "/"  # the token is gone from the address
            assert app.config["session"] not in (page.evaluate("document.cookie") or "")
            errors = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for question in ("w1", "w2"):
                page.goto(f"{base}/q/{question}/a/{mallory.label}")
                assert page.locator("#rubric").count() == 1
                assert page.locator(".evil, #evil, base, s").count() == 0
                assert probe("md" if question == "w1" else "code") in page.inner_text(
                    "#answer-body")
                if question == "w1":
                    shot(page, "hostile-answer")
                with page.expect_navigation():
                    if question == "w1":
                        page.click("#save-next")  # the TA's ordinary click
                    else:
                        page.keyboard.press("n")
                assert "anonymous" in page.inner_text("nav")
            store = marking.store()
            w1, w2 = store.mark("w1", mallory.key), store.mark("w2", mallory.key)
            store.close()
            assert (w1.graded, w1.points, w1.items) == (True, 0, [])  # as it stood: 0 of 2
            assert (w2.graded, w2.points, w2.items) == (True, 3, [])  # negative scoring: 3 of 3

            # another local user's page on 127.0.0.1 posts to the app with the TA's cookie
            page.goto(base + "/")  # (the answer page's own lease POST is done by then)
            page.wait_for_load_state("networkidle")
            before = dump(marking.home)
            evil_base, evil_pages = attacker
            evil_pages["/"] = (
                f'<form id="f" method="post" action="{base}/names">'
                f'<input name="on" value="1"></form>'
                f'<script>fetch("{base}/api/q/w1/a/{mallory.label}/mark", '
                f'{{method: "POST", mode: "no-cors", credentials: "include", '
                f'body: JSON.stringify({{adjustment: 2}})}}).finally(() => '
                f'document.getElementById("f").submit())</script>')
            response = []
            page.on("response", lambda r: response.append(r.status) if r.url.startswith(
                base) else None)
            page.goto(evil_base + "/")
            page.wait_for_url(base + "/names", timeout=10000)
            assert 403 in response
            page.goto(base + "/")
            assert "anonymous" in page.inner_text("nav")
            assert dump(marking.home) == before
            assert not [e for e in errors if "Content Security Policy" in e], errors
        finally:
            chromium.close()


def test_the_browser_is_opened_without_the_token_on_a_command_line(monkeypatch):
    """``mark`` opens the browser on a private file that forwards to the token URL: a browser
    started on the URL itself shows the token to every local user (``ps``)."""
    import autograder.marking as marking_pkg

    opened = []
    monkeypatch.setattr(marking_pkg.webbrowser, "open", opened.append)
    url = f"{BASE}/?token=s3cret-token"
    page, folder = marking_pkg._open_browser(url)
    try:
        assert opened == [page.as_uri()] and "s3cret" not in opened[0]
        assert os.stat(folder).st_mode & 0o777 == 0o700
        assert os.stat(page).st_mode & 0o777 == 0o600
        assert f'content="0;url={url}"' in page.read_text()
    finally:
        marking_pkg._remove(page, folder)
    assert not os.path.exists(folder)


def test_two_mark_runs_on_one_folder_each_open_with_their_own_token(hostile):
    """Two ``mark`` processes on the same folder (two ports): one browser signs in to both; each
    run's cookie is its own (a browser's cookies are per host, not per port)."""
    app, marking = hostile
    second = app_mod.create_app(marking, port=PORT + 1)
    first_tab = signed_in(app)
    other_tab = second.test_client()
    other_tab._cookies = first_tab._cookies  # the same browser: one cookie jar for 127.0.0.1
    other = f"http://127.0.0.1:{PORT + 1}"
    assert other_tab.get("/", base_url=other).status_code == 403  # run 1's cookie: not run 2's
    assert other_tab.get(f"/?token={app.config['token']}", base_url=other).status_code == 403
    assert other_tab.get(f"/?token={second.config['token']}", base_url=other
                         ).status_code == 303
    assert other_tab.get("/", base_url=other).status_code == 200
    assert first_tab.get("/").status_code == 200  # run 1's cookie is still there
