"""Tamper detection: compare a submission's locked cells with the released notebook.

The build gives every cell students must not edit nbgrader's locked-cell metadata and checksum
(``transforms.lock_cells``). Here each locked cell of the release is looked up in the
submission by its ``grade_id``: missing means deleted, a different checksum means edited.
Grading then uses the released version of every locked code cell, in the released order.
"""
import json

import nbformat


def _cells(nb):
    return [c for c in nb.get("cells", []) if isinstance(c, dict)] if isinstance(nb, dict) else []


def _grade_id(cell):
    meta = cell.get("metadata", {})
    nbgrader = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return nbgrader.get("grade_id") if isinstance(nbgrader, dict) else None


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _checksum(cell):
    from nbgrader.utils import compute_checksum

    node = nbformat.from_dict({**cell, "source": _source(cell)})
    node.metadata.setdefault("nbgrader", {})
    return compute_checksum(node)


def inspect(release, submission):
    """(flags, code cell sources to grade) for a submission (both notebooks as JSON dicts)."""
    locked = {_grade_id(c): c for c in _cells(release)
              if _grade_id(c) and c.get("metadata", {}).get("nbgrader", {}).get("locked")}
    seen, flags, merged = set(), [], []
    order = {_grade_id(c): k for k, c in enumerate(_cells(release)) if _grade_id(c)}
    # a locked cell whose metadata was lost (copied into another notebook) is found by content
    by_source = {}
    for grade_id, cell in locked.items():
        by_source.setdefault((cell.get("cell_type"), _source(cell).strip()), grade_id)
    position = -1
    for k, cell in enumerate(_cells(submission)):
        grade_id = _grade_id(cell)
        if grade_id not in locked:
            grade_id = by_source.get((cell.get("cell_type"), _source(cell).strip()))
            if grade_id in seen:
                grade_id = None
            if grade_id is not None:
                seen.add(grade_id)
                position = order[grade_id]
                merged.append((position, k, locked[grade_id]))
                continue
        if grade_id in locked:
            seen.add(grade_id)
            position = order[grade_id]
            original = locked[grade_id]
            if _checksum(cell) != original["metadata"]["nbgrader"]["checksum"]:
                flags.append(f"edited locked cell {grade_id}")
            cell = original  # grade with the released cell
        merged.append((position, k, cell))
    for grade_id, original in locked.items():
        if grade_id not in seen:
            flags.append(f"deleted locked cell {grade_id}")
            merged.append((order[grade_id], -1, original))
    merged.sort(key=lambda item: (item[0], item[1]))
    cells = [_source(c) for _, _, c in merged if c.get("cell_type") == "code"]
    return sorted(flags, key=lambda f: (f.split()[-1], f)), cells


def load_release(data):
    return json.loads(data.decode("utf-8")) if data else None
