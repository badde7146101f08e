"""The data that crosses from a sandbox to the grader: JSON and numeric arrays, nothing executable.

A sandbox encodes the values its hidden-test assertions recorded; the grader decodes them with
``numpy.load(allow_pickle=False)`` and ``json.loads`` only. Nothing the sandbox produced is ever
unpickled.

Trust boundary: everything ``decode`` reads was written by a process that ran the student's code.
It is decoded defensively: a payload that does not decode, or whose structure is not the one
``encode`` writes, becomes an "unreadable result" for its question (never an exception), and the
only text kept from it is the recorded checks' kind and label (which the grader compares with
its own and never shows), the error text (of which ``sandbox`` keeps an exception type from
Python's own names) and type names from a fixed set (``TYPE_NAMES``). A tensor too large to
send, or complex, crosses as a fixed name: never its shape, which the answer chooses (sixteen
twelve-digit dimensions once carried the earlier questions' reference bytecode out). What a
submission can make appear in its own feedback is bounded in ``verdict``'s docstring.
"""
import io
import json
import zipfile

import numpy as np

MAX_ARRAY_ELEMENTS = 10_000_000
MAX_RECORDS = 10_000
UNREADABLE = "unreadable result: the sandbox sent data the grader cannot read"
# the type names of non-tensor values that may be shown (in "expected a tensor, got a list")
TYPE_NAMES = frozenset({"NoneType", "bool", "int", "float", "complex", "str", "bytes", "list",
                        "tuple", "dict", "set", "frozenset", "function", "method", "type",
                        "module", "generator", "ndarray", "Parameter", "Tensor", "Module",
                        "Withheld", "tensor too large to send", "complex tensor"})


class Opaque:
    """Stands for a recorded value that was not a tensor (only its type name crosses)."""

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name}>"


def encode(records):
    """``records`` (lists of dicts holding tensors) -> bytes: a JSON header and an .npz body."""
    import torch

    arrays = {}

    def value(v):
        if isinstance(v, torch.Tensor):
            key = f"a{len(arrays)}"
            tensor = v.detach().cpu()
            if tensor.dtype in (torch.bfloat16, torch.float16):
                tensor = tensor.float()
            if tensor.is_complex():
                return {"t": "other", "type": "complex tensor"}
            if tensor.numel() > MAX_ARRAY_ELEMENTS:
                return {"t": "other", "type": "tensor too large to send"}
            arrays[key] = tensor.numpy()
            return {"t": "tensor", "key": key}
        if isinstance(v, (tuple, list)):
            return {"t": "seq", "items": [value(item) for item in v]}
        if v is None:
            return {"t": "none"}
        return {"t": "other", "type": type(v).__name__}

    header = json.dumps(_map_values(records, value)).encode()
    body = io.BytesIO()
    np.savez(body, **arrays)
    return len(header).to_bytes(8, "big") + header + body.getvalue()


def type_name(text):
    """``text`` if it is a type name the grader may show, else "object"."""
    if isinstance(text, str) and text in TYPE_NAMES:
        return text
    return "object"


class Unreadable(dict):
    """What ``decode`` gives for a payload it cannot read: every question's result is one test
    that failed with ``UNREADABLE``."""

    def get(self, key, default=None):
        return [{"records": [], "error": UNREADABLE}]

    def __getitem__(self, key):
        return self.get(key)


def decode(data):
    """Bytes from ``encode`` -> the records, with tensors rebuilt (torch) and Opaque stand-ins;
    ``Unreadable()`` when ``data`` is not what ``encode`` writes."""
    try:
        return _checked(_decode(data))
    except Exception:  # whatever is wrong with the payload, it is unreadable
        return Unreadable()


def _checked(results):
    """``results`` when it has the structure ``encode`` writes, else ValueError."""
    if not isinstance(results, dict):
        raise ValueError("not a mapping")
    for question, tests in results.items():
        if not isinstance(question, str) or not isinstance(tests, list):
            raise ValueError("not a list of tests")
        for test in tests:
            if not isinstance(test, dict) or not isinstance(test.get("records"), list):
                raise ValueError("not a test")
            if len(test["records"]) > MAX_RECORDS:
                raise ValueError("too many records")
            if not isinstance(test.get("error"), (str, type(None))):
                raise ValueError("error is not text")
            for record in test["records"]:
                if not isinstance(record, dict) or not all(
                        isinstance(record.get(key), str) for key in ("kind", "what")):
                    raise ValueError("not a record")
    return results


def _decode(data):
    import torch

    size = int.from_bytes(data[:8], "big")
    header = json.loads(data[8:8 + size].decode())
    from ..nbcode import AST_LOCK  # numpy reads array headers with ast.literal_eval

    body = data[8 + size:]
    _check_archive(body)
    with AST_LOCK, np.load(io.BytesIO(body), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}

    def value(v):
        kind = v.get("t") if isinstance(v, dict) else None
        if kind == "tensor":
            array = np.array(arrays[v["key"]])
            if array.dtype.kind not in "biuf":  # numbers only (no text, no records)
                raise ValueError("not a numeric array")
            return torch.from_numpy(array)
        if kind == "seq":
            return tuple(value(item) for item in v["items"][:MAX_RECORDS])
        if kind == "none":
            return None
        return Opaque(type_name(v.get("type")) if isinstance(v, dict) else "object")

    return _map_values(header, value)


def _check_archive(body):
    """ValueError unless ``body`` is an archive as ``np.savez`` writes it: stored entries only
    (no compression), whose sizes add up to no more than the archive itself. A crafted message
    cannot make the grader inflate more than it received."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        infos = archive.infolist()
        if any(info.compress_type != zipfile.ZIP_STORED for info in infos):
            raise ValueError("compressed arrays")
        if sum(info.file_size for info in infos) > len(body):
            raise ValueError("arrays larger than the message")


def _map_values(records, fn):
    """Apply ``fn`` to every recorded "actual" value in a {question: [test results]} mapping."""
    out = {}
    for question, tests in records.items():
        out[question] = [
            {**test, "records": [{**r, "actual": fn(r["actual"])} for r in test["records"]]}
            for test in tests]
    return out
