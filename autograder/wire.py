"""The data that crosses from a sandbox to the grader: JSON and numeric arrays, nothing executable.

A sandbox encodes the values its hidden-test assertions recorded; the grader decodes them with
``numpy.load(allow_pickle=False)`` and ``json.loads`` only. Nothing the sandbox produced is ever
unpickled.
"""
import io
import json

import numpy as np

MAX_ARRAY_ELEMENTS = 10_000_000


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
            if tensor.numel() > MAX_ARRAY_ELEMENTS or tensor.is_complex():
                return {"t": "other", "type": f"tensor of shape {tuple(tensor.shape)}"}
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


def decode(data):
    """Bytes from ``encode`` -> the records, with tensors rebuilt (torch) and Opaque stand-ins."""
    import torch

    size = int.from_bytes(data[:8], "big")
    header = json.loads(data[8:8 + size].decode())
    from .nbcode import AST_LOCK  # numpy reads array headers with ast.literal_eval

    with AST_LOCK, np.load(io.BytesIO(data[8 + size:]), allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}

    def value(v):
        kind = v.get("t") if isinstance(v, dict) else None
        if kind == "tensor":
            return torch.from_numpy(np.array(arrays[v["key"]]))
        if kind == "seq":
            return tuple(value(item) for item in v["items"])
        if kind == "none":
            return None
        return Opaque(str(v.get("type", "value")) if isinstance(v, dict) else "value")

    return _map_values(header, value)


def _map_values(records, fn):
    """Apply ``fn`` to every recorded "actual" value in a {question: [test results]} mapping."""
    out = {}
    for question, tests in records.items():
        out[question] = [
            {**test, "records": [{**r, "actual": fn(r["actual"])} for r in test["records"]]}
            for test in tests]
    return out
