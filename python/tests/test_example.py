# SPDX-License-Identifier: MIT
"""The notebook-style example python/examples/sim3.py runs and prints what it promises."""
import os
import re
import subprocess
import sys
import unittest

from .support import PYTHON_DIR


class Example(unittest.TestCase):
    def test_sim3_example_runs(self):
        script = os.path.join(PYTHON_DIR, "examples", "sim3.py")
        r = subprocess.run([sys.executable, script], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout
        self.assertIn("'species': 377", out)
        self.assertIn("325 times from 0 to 3240 s, 77 channels (total-ion)", out)
        # [Ag50Au0]2- is never formed in simulation 3 (MODEL.md section 2).
        self.assertRegex(out, r"\[Ag50Au0\]2-\s+t_max =\s+nan s  \(never formed\)")
        t = float(re.search(r"\[Ag24Au1\]1-\s+t_max =\s+([0-9.]+) s", out).group(1))
        self.assertTrue(0 < t < 3240)
        self.assertRegex(out, r"isotope peaks cover 0\.999\d")


if __name__ == "__main__":
    unittest.main()
