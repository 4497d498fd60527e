# SPDX-License-Identifier: MIT
"""fit() against `clusterkin fit -o result.json`, on a tiny fit (a 2 x 2 x 2
grid without refinement or intervals: 8 simulations of 600 s) of the test
data tests/data/sim3-40-40.csv, which simulation 3 made."""
import json
import os
import unittest

from .support import TESTDATA, TempDir, cli
import clusterkin as ck


def tiny_fit_model(data_path):
    with open(os.path.join(TESTDATA, "sim3-fit.yaml")) as f:
        head = f.read().split("\nfit:")[0]
    return head + f"""
fit:
  objective: traces
  weighting: relative
  refine: false
  intervals: none
  parameters:
    dimerization: {{min: 5e-3, max: 2e-2, points: 2}}
    dissociation: {{min: 2e-2, max: 1e-1, points: 2}}
    exchange: {{min: 1e-2, max: 5e-2, points: 2}}
  datasets:
    - {{data: "{data_path}", concentrations: {{Ag25: 40 nM, Au25: 40 nM}}}}
"""


class Fit(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()
        self.model = self.tmp.write(
            "fit.yaml", tiny_fit_model(os.path.join(TESTDATA, "sim3-40-40.csv")))

    def tearDown(self):
        self.tmp.cleanup()

    def test_fit_equals_cli_result_json(self):
        out = self.tmp.path("result.json")
        cli("fit", self.model, "-q", "--threads", "1", "-o", out)
        with open(out) as f:
            want = json.load(f)
        seen = []
        grid = self.tmp.path("grid.csv")
        with ck.Model.load(self.model) as m:
            self.assertTrue(m.has_fit)
            got = m.fit(threads=1, grid_path=grid, progress=lambda d, t: seen.append((d, t)))
        self.assertEqual(got, want)
        self.assertEqual(got["grid_points"], 8)
        self.assertEqual(got["simulations"], 8)
        # The grid file (--grid-out) has a header and one row per point.
        with open(grid) as f:
            self.assertEqual(len(f.read().splitlines()), 9)
        self.assertEqual(seen[-1], (8, 8))

    def test_missing_data_file_raises_input_error_naming_it(self):
        bad = self.tmp.write("bad.yaml", tiny_fit_model(self.tmp.path("absent.csv")))
        with ck.Model.load(bad) as m:
            with self.assertRaisesRegex(ck.InputError, "absent.csv: cannot open"):
                m.fit(threads=1)
            with self.assertRaises(ck.ArgumentError):
                m.fit(resume=True)


if __name__ == "__main__":
    unittest.main()
