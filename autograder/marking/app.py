"""The marking web app (Flask): grade written answers question by question, with rubrics.

Served on 127.0.0.1 only. Each request opens its own connection to the marking database
(``store``), and every action is one committed transaction. A TA is a browser (a random ``ta``
cookie); leases keep two TAs from being given the same ungraded answer.

Trust boundaries:

- Requests: any local user, and any web page the TA opens, can reach the app. ``guard`` lets
  through only the app's own ``Host``, the holder of the run's secret (the token URL ``mark``
  prints, then an HttpOnly SameSite=Strict cookie) and, for changes, the app's own page.
  GET never changes anything: every state change (marks, rubric, leases, the names toggle) is
  a POST.
- Pages: answers are students' text. Every template is autoescaped; the only ``Markup`` is
  ``render``'s sanitized HTML (each answer rendered once, within the limits ``render`` states).
  Every response carries a Content-Security-Policy (scripts, styles and images from the app
  only, forms post to the app only, no framing, no ``<base>``); figures are served with a
  sandboxing policy of their own. Students are shown by anonymous labels unless a TA turns
  names on (a POST).
"""
import base64
import binascii
import collections
import dataclasses
import secrets
import threading
import urllib.parse
from pathlib import Path

import flask

from . import answers as answers_mod, guard as guard_mod, render, store as store_mod

HEADER = guard_mod.HEADER
BLANK_COMMENT = "no answer"
ANSWER_FILES = 16  # students' answer files kept parsed at once (each up to a notebook's size)


@dataclasses.dataclass
class Student:
    key: str  # result name (the database's student)
    label: str  # anonymous label, used in URLs
    student_id: str
    status: str


class Marking:
    """What the app knows about one grading folder: written questions and students."""

    def __init__(self, home, hw, bundle, rows):
        self.home, self.hw, self.bundle = Path(home), hw, bundle
        self.questions = answers_mod.written_questions(bundle)
        if not self.questions:
            raise ValueError(f"{hw} has no written questions to mark")
        self.by_name = {q.name: q for q in self.questions}
        if not (self.home / "answers").is_dir():
            raise ValueError(f"{self.home} has no written answers (answers/): run `python -m "
                             f"autograder grade {hw} SUBMISSIONS --out {self.home}` again")
        store = store_mod.open_store(self.home, self.questions)
        try:
            keyed = {r["result_name"]: r for r in rows if r.get("result_name")}
            order = store.anonymous_order(sorted(keyed))
        finally:
            store.close()
        self.students = [Student(key, label, keyed[key]["student_id"], keyed[key]["status"])
                         for key, label in order]
        self.by_label = {s.label: s for s in self.students}
        self._answers, self._blank = collections.OrderedDict(), {}
        self._lock = threading.Lock()
        self.views = render.ViewCache()

    def store(self):
        return store_mod.Store(self.home)

    def answers(self, student):
        """A student's answers file, parsed (the last ``ANSWER_FILES`` kept, not the class)."""
        with self._lock:
            if student.key in self._answers:
                self._answers.move_to_end(student.key)
                return self._answers[student.key]
        record = answers_mod.load(self.home, student.key) or {"questions": {}}
        with self._lock:
            self._answers[student.key] = record
            while len(self._answers) > ANSWER_FILES:
                self._answers.popitem(last=False)
            self._blank[student.key] = {q: bool(a.get("blank", True))
                                        for q, a in record["questions"].items()}
        return record

    def answer(self, student, question):
        return self.answers(student)["questions"].get(
            question, {"parts": [], "blank": True, "unreadable": True})

    def is_blank(self, student, question):
        if student.key not in self._blank:
            self.answers(student)
        return self._blank[student.key].get(question, True)

    def blank_students(self, question):
        return [s.key for s in self.students if self.is_blank(s, question)]

    def view(self, student, question, figure_url):
        """The rendered parts of one answer: rendered once, then kept (``render.ViewCache``)."""
        return self.views.get(("answer", question, student.key), lambda: render.answer_view(
            self.answer(student, question)["parts"], figure_url))

    def prompt(self, question):
        return self.views.get(("prompt", question.name), lambda: [
            {"html": render.markdown_html(question.prompt)}])[0]["html"]


def _state(marking, store, question, student):
    mark = store.mark(question, student.key)
    done, total = store.progress(question, [s.key for s in marking.students])
    return {"points": mark.points, "graded": mark.graded, "adjustment": mark.adjustment,
            "comment": mark.comment, "applied": sorted(store.applied_ids(question, student.key)),
            "done": done, "total": total}


def _number(value, what):
    try:
        number = float(value)
    except (TypeError, ValueError):
        flask.abort(flask.make_response({"error": f"{what} must be a number"}, 400))
    if number != number or abs(number) > 1e6:
        flask.abort(flask.make_response({"error": f"{what} is out of range"}, 400))
    return number


def create_app(marking, port=None, token=None):
    """The app; ``port`` (settable later as ``app.config["port"]``) names its own hosts, and
    ``token`` (``app.config["token"]``, a new one when not given) opens it."""
    app = flask.Flask(__name__, template_folder="templates", static_folder="static")
    app.jinja_options = {**app.jinja_options, "autoescape": True}  # .j2 is not .html to Flask
    app.config.update(marking=marking, port=port, token=token or secrets.token_urlsafe(32),
                      session=secrets.token_urlsafe(32))

    def question_or_404(name):
        question = marking.by_name.get(name)
        if question is None:
            flask.abort(404)
        return question

    def student_or_404(label):
        student = marking.by_label.get(label)
        if student is None:
            flask.abort(404)
        return student

    @app.before_request
    def guard():
        refused = guard_mod.check(app.config)
        if refused is not None:
            return refused
        flask.g.ta = flask.request.cookies.get("ta") or secrets.token_hex(8)
        flask.g.names = flask.request.cookies.get("names") == "1"
        flask.g.store = marking.store()

    @app.teardown_request
    def close(_exc):
        store = flask.g.pop("store", None)
        if store is not None:
            store.close()

    @app.after_request
    def remember(response):
        if flask.g.get("ta") and flask.request.cookies.get("ta") != flask.g.ta:
            response.set_cookie("ta", flask.g.ta, httponly=True, samesite="Strict")
        return guard_mod.secure(response)

    def lease_next(question, after_label):
        """Lease the next ungraded answer of ``question`` (a POST); its page's URL, or the
        question's page when every answer is marked or held."""
        question_or_404(question)
        after = marking.by_label.get(after_label or "")
        key = flask.g.store.next_ungraded(question, flask.g.ta,
                                          [s.key for s in marking.students],
                                          after=after.key if after else None)
        if key is None:
            return flask.url_for("overview", question=question, done=1)
        label = next(s.label for s in marking.students if s.key == key)
        return flask.url_for("answer", question=question, label=label)

    @app.get("/")
    def index():
        store, keys = flask.g.store, [s.key for s in marking.students]
        rows = [{"q": q, "done": store.progress(q.name, keys)[0], "total": len(keys),
                 "blank": len(marking.blank_students(q.name))} for q in marking.questions]
        return flask.render_template("index.html.j2", hw=marking.hw, rows=rows,
                                     names=flask.g.names)

    @app.get("/favicon.ico")
    def favicon():
        return "", 204

    @app.post("/names")
    def names():
        """Show or hide names (a deliberate POST from the nav's button), back to the page."""
        back = urllib.parse.urlsplit(flask.request.referrer or "")
        own = back.netloc.lower() == flask.request.host.lower()
        path = "/" + back.path.lstrip("/")  # never "//host": the redirect stays here
        response = flask.redirect((path + (f"?{back.query}" if back.query else ""))
                                  if own else flask.url_for("index"), 303)
        response.set_cookie("names", "1" if flask.request.form.get("on") == "1" else "0",
                            httponly=True, samesite="Strict")
        return response

    @app.get("/q/<question>")
    def overview(question):
        q, store = question_or_404(question), flask.g.store
        marks = store.marks(question=question)
        listed = [{"s": s, "mark": marks.get((question, s.key)),
                   "blank": marking.is_blank(s, question)} for s in marking.students]
        return flask.render_template("question.html.j2", hw=marking.hw, q=q, listed=listed,
                                     items=store.items(question), scoring=store.question(
                                         question)["scoring"], names=flask.g.names)

    @app.post("/q/<question>/next")
    def next_ungraded(question):
        """The pages' "mark next ungraded" buttons (a form POST): lease, then go there."""
        return flask.redirect(lease_next(question, flask.request.form.get("after")), 303)

    @app.post("/api/q/<question>/next")
    def next_url(question):
        """The answer page's "mark and go to the next ungraded" (after saving)."""
        data = flask.request.get_json(silent=True) or {}
        return {"url": lease_next(question, str(data.get("after", "")))}

    @app.get("/q/<question>/a/<label>")
    def answer(question, label):
        """One answer (read only: its page takes its lease with a POST, ``hold``)."""
        q, student, store = question_or_404(question), student_or_404(label), flask.g.store
        holder = store.holder(question, student.key)
        found = marking.answers(student)
        position = marking.students.index(student)
        around = [marking.students[(position + step) % len(marking.students)].label
                  for step in (-1, 1)]
        parts = marking.view(student, question, lambda k, key: flask.url_for(
            "figure", question=question, label=label, part=k, key=key))
        return flask.render_template(
            "answer.html.j2", hw=marking.hw, q=q, student=student, position=position + 1,
            count=len(marking.students), prev=around[0], next=around[1],
            answer=marking.answer(student, question), submission=found.get("submission", ""),
            parts=parts, prompt=marking.prompt(q), items=store.items(question),
            scoring=store.question(question)["scoring"],
            state=_state(marking, store, question, student),
            held=bool(holder and holder != flask.g.ta), names=flask.g.names)

    @app.post("/api/q/<question>/a/<label>/hold")
    def hold(question, label):
        """The answer page, once open, takes (or renews) its lease unless another TA has it."""
        question_or_404(question)
        student = student_or_404(label)
        return {"held": bool(flask.g.store.hold(question, student.key, flask.g.ta))}

    @app.get("/q/<question>/a/<label>/figure/<int:part>/<key>")
    def figure(question, label, part, key):
        question_or_404(question)
        parts = marking.answer(student_or_404(label), question)["parts"]
        if not 0 <= part < len(parts):
            flask.abort(404)
        found = parts[part]
        image = (found.get("attachments", {}).get(key) if found["type"] == "markdown"
                 else _indexed(found.get("images", []), key))
        if not image or image.get("mime") not in answers_mod.IMAGE_MIMES:
            flask.abort(404)
        try:
            data = base64.b64decode(image["data"])
        except (binascii.Error, ValueError):
            flask.abort(404)
        response = flask.make_response(data)
        response.headers["Content-Type"] = image["mime"]
        response.headers["Content-Security-Policy"] = guard_mod.FIGURE_POLICY
        return response

    @app.post("/api/q/<question>/a/<label>/toggle/<int:item>")
    def toggle(question, label, item):
        question_or_404(question)
        student, store = student_or_404(label), flask.g.store
        if item not in {i["id"] for i in store.items(question)}:
            flask.abort(404)
        store.toggle_item(question, student.key, item, grader=flask.g.ta)
        return _state(marking, store, question, student)

    @app.post("/api/q/<question>/a/<label>/mark")
    def save(question, label):
        question_or_404(question)
        student, store = student_or_404(label), flask.g.store
        data = flask.request.get_json(silent=True) or {}
        adjustment = (_number(data["adjustment"], "the adjustment")
                      if data.get("adjustment") not in (None, "") else None)
        comment = str(data["comment"])[:5000] if "comment" in data else None
        store.set_mark(question, student.key, grader=flask.g.ta, adjustment=adjustment,
                       comment=comment)
        return _state(marking, store, question, student)

    @app.post("/api/q/<question>/a/<label>/unmark")
    def unmark(question, label):
        question_or_404(question)
        student, store = student_or_404(label), flask.g.store
        store.unmark(question, student.key)
        return _state(marking, store, question, student)

    @app.post("/api/q/<question>/blank-zero")
    def blank_zero(question):
        question_or_404(question)
        count = flask.g.store.mark_blank_zero(question, marking.blank_students(question),
                                              BLANK_COMMENT, grader=flask.g.ta)
        return {"marked": count}

    @app.post("/api/q/<question>/items")
    def add_item(question):
        question_or_404(question)
        data = flask.request.get_json(silent=True) or {}
        description = str(data.get("description", "")).strip()[:500]
        if not description:
            return {"error": "an item needs a description"}, 400
        flask.g.store.add_item(question, _number(data.get("points"), "points"), description)
        return {"items": [dict(i) for i in flask.g.store.items(question)]}

    @app.post("/api/q/<question>/items/<int:item>")
    def edit_item(question, item):
        question_or_404(question)
        store, data = flask.g.store, flask.request.get_json(silent=True) or {}
        current = {i["id"]: i for i in store.items(question)}.get(item)
        if current is None:
            flask.abort(404)
        if data.get("delete"):
            store.delete_item(item)
        else:
            description = str(data.get("description", current["description"])).strip()[:500]
            store.set_item(item, _number(data.get("points", current["points"]), "points"),
                           description or current["description"])
        return {"items": [dict(i) for i in store.items(question)]}

    @app.post("/api/q/<question>/scoring")
    def scoring(question):
        question_or_404(question)
        value = (flask.request.get_json(silent=True) or {}).get("scoring")
        if value not in ("positive", "negative"):
            return {"error": "scoring is positive or negative"}, 400
        flask.g.store.set_scoring(question, value)
        return {"scoring": value}

    @app.post("/api/refresh")
    def refresh():
        app.config["refresh"]()
        return {"refreshed": True}

    return app


def _indexed(images, key):
    try:
        return images[int(key)]
    except (ValueError, IndexError):
        return None
