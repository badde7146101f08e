import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograder import paths  # noqa: E402

HOMEWORKS = paths.homeworks(ROOT)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now (for servers the tests start)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory):
    """Every homework built from the committed sources into a scratch tree.

    Returns ``{hw: result of build.main}``; the build itself fails unless each answer key gets
    full marks from ``otter run`` with its hidden tests.
    """
    from autograder.authoring import build

    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return {hw: build.main(hw, root=root, log=lambda *_: None) for hw in HOMEWORKS}


@pytest.fixture(scope="session")
def built_root(fresh_build):
    return next(iter(fresh_build.values()))["release"].parent.parent
