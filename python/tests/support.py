# SPDX-License-Identifier: MIT
"""What the binding's tests share: paths, the CLI to compare with, temporary files.

tests/cli/test_python.sh sets CLUSTERKIN_LIB (the library under test) and
CLUSTERKIN_BIN (the `clusterkin` built with it); ctest sets CK_EXAMPLES and
CK_TESTDATA. Run by hand, the repository's build/ is used.
"""
import csv
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(PYTHON_DIR)
sys.path.insert(0, PYTHON_DIR)

import clusterkin  # noqa: E402,F401  (the package under test, from python/)

BIN = os.environ.get("CLUSTERKIN_BIN", os.path.join(REPO, "build", "clusterkin"))
EXAMPLES = os.environ.get("CK_EXAMPLES", os.path.join(REPO, "examples"))
TESTDATA = os.environ.get("CK_TESTDATA", os.path.join(REPO, "tests", "data"))
SIM3 = os.path.join(EXAMPLES, "ag25-au25-sim3.yaml")


def cli(*args, check=True):
    """Runs the clusterkin command; returns the completed process (text)."""
    return subprocess.run([BIN, *args], capture_output=True, text=True, check=check)


def read_csv(path):
    """(header, rows of cells as text)."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


class TempDir:
    """A temporary directory for one test case; path(name) inside it."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="ck-python-")

    def path(self, name):
        return os.path.join(self._dir.name, name)

    def write(self, name, text):
        p = self.path(name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def cleanup(self):
        self._dir.cleanup()
