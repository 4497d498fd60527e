# SPDX-License-Identifier: MIT
"""Masses and isotope patterns against `clusterkin mass` and closed forms."""
import unittest

import numpy as np

from .support import cli, read_csv, TempDir
import clusterkin as ck

FORMULAS = ["[Ag25(C8H9S)18]-", "[Ag23Au27(C8H9S)36]2-", "C8H9S", "[C8H10N4O2+H]+"]

# Natural silver (IUPAC/CIAAW 2013, the library's table): 107Ag 0.51839, 109Ag 0.48161.
P107, P109 = 0.51839, 0.48161


class Mass(unittest.TestCase):
    def test_mass_equals_cli_json(self):
        import json
        for formula in FORMULAS:
            want = json.loads(cli("mass", formula, "--json").stdout)
            got = ck.mass(formula)
            self.assertEqual(set(got), set(want))
            for key in want:  # the CLI prints 6 decimals
                self.assertEqual(round(got[key], 6), want[key], f"{formula} {key}")

    def test_labels_equal_cli_label_option(self):
        import json
        formula = "[107Ag25(C8H9S)18]-"
        want = json.loads(cli("mass", formula, "--json", "--label", "107Ag=0.9").stdout)
        got = ck.mass(formula, labels={"107Ag": 0.9})
        self.assertEqual({k: round(v, 6) for k, v in got.items()}, want)
        self.assertNotEqual(round(ck.mass(formula)["average_mz"], 6), want["average_mz"])

    def test_canonical_formula(self):
        self.assertEqual(ck.canonical_formula("[Ag25(C8H9S)18]-"), ("[Ag25C144H162S18]-", -1))

    def test_bad_formula_raises_input_error_naming_the_column(self):
        with self.assertRaisesRegex(ck.InputError, r'"\[Ag25\(Xx\)\]-", column 7: unknown element'):
            ck.mass("[Ag25(Xx)]-")


class IsotopePattern(unittest.TestCase):
    def test_probabilities_sum_to_the_requested_coverage(self):
        for formula in FORMULAS[:2]:
            for coverage in (0.5, 0.9, 0.999):
                p = ck.isotope_pattern(formula, coverage=coverage)
                total = p.probability.sum()
                # At least the coverage, and the smallest such set: without its
                # least probable peak the pattern falls short of it.
                self.assertGreaterEqual(total, coverage)
                self.assertLess(total - p.probability.min(), coverage)
                self.assertTrue(np.all(np.diff(p.mz) > 0))

    def test_ag2_is_the_binomial_of_natural_silver(self):
        p = ck.isotope_pattern("[Ag2]-", coverage=1)
        self.assertEqual(p.charge, -1)
        np.testing.assert_allclose(p.probability, [P107**2, 2 * P107 * P109, P109**2], rtol=1e-9)
        np.testing.assert_allclose(np.diff(p.mz), 2.0, atol=0.01)  # 109Ag - 107Ag ~ 2 Da

    def test_pattern_equals_cli_csv(self):
        tmp = TempDir()
        try:
            for extra, kwargs in (([], {}), (["--bin", "0.5"], {"bin_mz": 0.5})):
                out = cli("mass", "[Ag25(C8H9S)18]-", "--pattern", "--coverage", "0.99", *extra)
                path = tmp.write("p.csv", out.stdout)
                header, rows = read_csv(path)
                self.assertEqual(header, ["mz", "probability"])
                p = ck.isotope_pattern("[Ag25(C8H9S)18]-", coverage=0.99, **kwargs)
                self.assertEqual([r[0] for r in rows], ["%.6f" % v for v in p.mz])
                self.assertEqual([r[1] for r in rows], ["%.10g" % v for v in p.probability])
        finally:
            tmp.cleanup()

    def test_binned_and_nominal_keep_probability_and_mean(self):
        fine = ck.isotope_pattern("[Ag13Au12(C8H9S)18]-", coverage=0.999)
        mean = np.sum(fine.mz * fine.probability) / fine.probability.sum()
        for p in (ck.isotope_pattern("[Ag13Au12(C8H9S)18]-", coverage=0.999, bin_mz=0.5),
                  ck.isotope_pattern("[Ag13Au12(C8H9S)18]-", coverage=0.999, nominal=True)):
            self.assertLess(p.mz.size, fine.mz.size)
            self.assertAlmostEqual(p.probability.sum(), fine.probability.sum(), delta=1e-12)
            self.assertAlmostEqual(np.sum(p.mz * p.probability) / p.probability.sum(), mean,
                                   delta=1e-7)
        with self.assertRaises(ck.ArgumentError):
            ck.isotope_pattern("[Ag2]-", bin_mz=1, nominal=True)

    def test_profile_integrates_to_the_pattern_probability(self):
        # Ag2-: three peaks; at R = 2000 each Gaussian has FWHM ~ 0.11 m/z.
        grid = np.linspace(210, 222, 24001)
        prof = ck.isotope_profile("[Ag2]-", grid, resolving_power=2000, coverage=1, weight=2.0)
        area = np.sum((prof[1:] + prof[:-1]) / 2 * np.diff(grid))
        self.assertAlmostEqual(area, 2.0, delta=1e-6)
        peak = ck.isotope_pattern("[Ag2]-", coverage=1)
        self.assertAlmostEqual(grid[np.argmax(prof)], peak.mz[1], delta=1e-3)  # 107Ag109Ag
        # Height of a Gaussian of area A and FWHM w: A * 2 sqrt(ln 2 / pi) / w.
        w = peak.mz[1] / 2000
        self.assertAlmostEqual(prof.max(), 2.0 * peak.probability[1] * 2 *
                               np.sqrt(np.log(2) / np.pi) / w, delta=1e-3 * prof.max())
        with self.assertRaises(ck.ClusterkinError):
            ck.isotope_profile("[Ag2]-", grid[::-1], resolving_power=2000)


if __name__ == "__main__":
    unittest.main()
