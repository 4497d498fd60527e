# SPDX-License-Identifier: MIT
"""Loading models: the network summary against `clusterkin network --json`,
and errors as Python exceptions carrying the library's message."""
import json
import os
import unittest

from .support import SIM3, TempDir, cli
from .test_simulate import short_model
import clusterkin as ck


class NetworkSummary(unittest.TestCase):
    def test_network_equals_cli_json(self):
        want = json.loads(cli("network", SIM3, "--json").stdout)
        with ck.Model.load(SIM3) as m:
            got = m.network()
            self.assertEqual(got, want)
            # Closed forms for N = 25, two metals (MODEL.md section 2): 26 monomers,
            # 26 * 27 / 2 = 351 unordered dimers, one dimerization and one
            # dissociation per dimer.
            self.assertEqual((got["monomers"], got["dimers"]), (26, 351))
            self.assertEqual(got["dimerization"], got["dissociation"])
            self.assertEqual(len(m.species_labels), got["species"])
            self.assertEqual(len(m.channel_labels), 26 + 51)
            self.assertEqual(m.name, "Ag25 + Au25, simulation 3")
            self.assertEqual(m.clusters["Au25"],
                             {"formula": "[Au25(C8H9S)18]-", "concentration_nM": 40.0})
            self.assertFalse(m.has_fit)

    def test_from_yaml_equals_load(self):
        with open(SIM3) as f:
            text = f.read()
        with ck.Model.from_yaml(text) as a, ck.Model.load(SIM3) as b:
            self.assertEqual(a.network(), b.network())
            self.assertEqual(a.source, "<string>")
            self.assertEqual(a.channel_labels, b.channel_labels)


class Errors(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()

    def tearDown(self):
        self.tmp.cleanup()

    def test_bad_model_raises_input_error_with_file_and_line(self):
        text = short_model().replace("exchange: 3.2e-2 /s", "exchange: 3.2e-2 /fortnight")
        line = 1 + text.splitlines().index(
            next(s for s in text.splitlines() if "fortnight" in s))
        path = self.tmp.write("bad.yaml", text)
        with self.assertRaises(ck.InputError) as caught:
            ck.Model.load(path)
        e = caught.exception
        self.assertIsInstance(e, ck.ClusterkinError)
        self.assertEqual(e.status, -2)
        self.assertEqual((e.file, e.line), (path, line))
        self.assertTrue(str(e).startswith(f"{path}:{line}: "), str(e))
        self.assertIn("fortnight", str(e))
        # The same text as the CLI's one-line error.
        r = cli("simulate", path, check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(), f"clusterkin: {e}")

    def test_from_yaml_names_the_source(self):
        with self.assertRaisesRegex(ck.InputError, r"^mine\.yaml:\d+: "):
            ck.Model.from_yaml("name: x\nclusters: [", source="mine.yaml")

    def test_missing_file_raises(self):
        missing = self.tmp.path("nope.yaml")
        with self.assertRaisesRegex(ck.InputOutputError, f"^{missing}: cannot open"):
            ck.Model.load(missing)

    def test_fit_without_fit_block_raises_input_error(self):
        with ck.Model.load(SIM3) as m:
            with self.assertRaisesRegex(ck.InputError, "no fit: block"):
                m.fit()



if __name__ == "__main__":
    unittest.main()
