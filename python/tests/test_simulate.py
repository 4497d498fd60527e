# SPDX-License-Identifier: MIT
"""simulate() against the CLI: the same numbers as `clusterkin simulate -o` and
`--tmax` write, also from overridden initial states."""
import math
import unittest

import numpy as np

from .support import SIM3, TempDir, cli, read_csv
import clusterkin as ck

# Simulation 3 over a shorter window, with a placeholder for extra lines.
SHORT = """name: short sim3
clusters:
  Ag25: {{formula: "[Ag25(C8H9S)18]-", concentration: {ag} nM}}
  Au25: {{formula: "[Au25(C8H9S)18]-", concentration: {au} nM}}
{extra}mechanism:
  kind: dimer-exchange
  exchange: [Ag, Au]
  exchange-probability: statistical
  dimerization-scaling: {{metal-fraction: Au}}
  rates: {{dimerization: 1.0e-2 /nM/s, dissociation: 5.6e-2 /s, exchange: 3.2e-2 /s}}
simulate: {{dead-time: 20 s, end: 600 s, step: 30 s, normalize: {normalize}}}
"""


def short_model(ag=40, au=40, extra="", normalize="total-ion"):
    return SHORT.format(ag=ag, au=au, extra=extra, normalize=normalize)


def g10(v):
    """A number as the channel CSV writes it: printf("%.10g")."""
    return "%.10g" % v


class SimulateMatchesCli(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()

    def tearDown(self):
        self.tmp.cleanup()

    def cli_series(self, model_path):
        out, tmax = self.tmp.path("series.csv"), self.tmp.path("tmax.csv")
        cli("simulate", model_path, "-q", "-o", out, "--tmax", tmax)
        return read_csv(out), read_csv(tmax)

    def assert_equals_cli(self, sim, model_path):
        """Every cell equal to the CLI's: the CSV holds %.10g of the same
        doubles, so the binding's values printed alike give the same text
        (and so agree within the 5e-11 relative of 10 digits)."""
        (header, rows), (_, tmax_rows) = self.cli_series(model_path)
        self.assertEqual(header, ["time_s"] + sim.labels)
        self.assertEqual(sim.values.shape, (len(rows), len(header) - 1))
        for k, row in enumerate(rows):
            self.assertEqual(row[0], g10(sim.time_s[k]))
            self.assertEqual(row[1:], [g10(v) for v in sim.values[k]], f"row {k}")
        parsed = np.array([[float(x) for x in row[1:]] for row in rows])
        np.testing.assert_allclose(sim.values, parsed, rtol=5e-10, atol=0)
        for c, (label, t, edge) in enumerate(tmax_rows):
            self.assertEqual(label, sim.labels[c])
            self.assertEqual(int(edge), int(sim.tmax_at_edge[c]))
            if edge == "-1":
                self.assertTrue(math.isnan(sim.tmax_s[c]))
            else:
                self.assertEqual(t, g10(sim.tmax_s[c]))

    def test_sim3_equals_the_cli_csv(self):
        with ck.Model.load(SIM3) as m:
            sim = m.simulate()
        self.assertEqual(sim.normalize, "total-ion")
        self.assertEqual(sim.values.shape, (325, 77))  # 0..3240 s every 10 s; 26 + 51 channels
        self.assertEqual(sim.time_s[-1], 3240.0)
        np.testing.assert_allclose(sim.values.sum(axis=1), 1.0, rtol=0, atol=1e-12)
        self.assertEqual(sim.tmax("[Ag50Au0]2-")[1], -1)  # f_Au = 0 for two Ag25: never formed
        self.assertLess(sim.stats["max_conservation_error"], 1e-8)
        self.assert_equals_cli(sim, SIM3)

    def test_concentrations_override_equals_a_model_file_with_them(self):
        base = self.tmp.write("base.yaml", short_model(normalize="none"))
        other = self.tmp.write("other.yaml", short_model(ag=100, au=60, normalize="none"))
        with ck.Model.load(base) as m:
            sim = m.simulate(concentrations={"Ag25": 100, "Au25": 60})
            # Unnamed clusters keep the model's value.
            only_au = m.initial_state(concentrations={"Au25": 60})
            self.assertEqual(m.clusters["Ag25"]["concentration_nM"], 40.0)
        self.assert_equals_cli(sim, other)
        self.assertEqual(sorted(only_au[only_au > 0].tolist()), [40.0, 60.0])

    def test_species_override_equals_an_initial_block(self):
        base = self.tmp.write("base.yaml", short_model())
        other = self.tmp.write("other.yaml",
                               short_model(extra='initial: {"[Ag25][Au25]": 2 nM}\n'))
        with ck.Model.load(base) as m:
            sim = m.simulate(species={"[Ag25Au0][Ag0Au25]": 2.0})
        self.assert_equals_cli(sim, other)

    def test_y0_gives_the_state_at_mixing(self):
        path = self.tmp.write("base.yaml", short_model(normalize="none"))
        with ck.Model.load(path) as m:
            y0 = m.initial_state()
            self.assertEqual(len(y0), m.network()["species"])
            self.assertEqual(m.species_labels[0], "[Ag25Au0]")
            same = m.simulate(y0_nM=y0)
            self.assert_equals_cli(same, path)
            # Metal atoms in nM stay 25 x 80 nM: the state given is the one integrated.
            y0[:] = 0
            y0[0] = 10.0  # only Ag25 at 10 nM: nothing but Ag25 and its homodimer
            sim = m.simulate(y0_nM=y0)
            self.assertAlmostEqual(sim.channel("[Ag25Au0]1-")[0] +
                                   2 * sim.channel("[Ag50Au0]2-")[0], 10.0, delta=1e-9)
            self.assertEqual(float(sim.channel("[Ag0Au25]1-").max()), 0.0)

    def test_bad_overrides_raise(self):
        path = self.tmp.write("base.yaml", short_model())
        with ck.Model.load(path) as m:
            with self.assertRaisesRegex(ck.ArgumentError, "no cluster 'Pt25'.*Ag25, Au25"):
                m.simulate(concentrations={"Pt25": 1})
            with self.assertRaisesRegex(ck.ArgumentError, "Ag25.*>= 0"):
                m.simulate(concentrations={"Ag25": -5})  # refused by the library
            with self.assertRaisesRegex(ck.ArgumentError, "no species"):
                m.simulate(species={"[Ag99]": 1})
            with self.assertRaisesRegex(ck.ArgumentError, "one per species"):
                m.simulate(y0_nM=[1.0, 2.0])
            y0 = m.initial_state()
            y0[3] = float("nan")
            with self.assertRaisesRegex(ck.ArgumentError, "species 3"):
                m.simulate(y0_nM=y0)

    def test_closed_model_refuses_use(self):
        m = ck.Model.load(SIM3)
        m.close()
        m.close()  # twice is harmless
        with self.assertRaises(ValueError):
            m.simulate()


if __name__ == "__main__":
    unittest.main()
