# SPDX-License-Identifier: MIT
"""deconvolve() against `clusterkin deconvolve`: spectra written by `clusterkin
simulate --spectra` (a narrow m/z window, three scans) give the same channel
CSV byte for byte, from the file and from NumPy arrays; the fractions are the
simulated shares; errors carry the library's message. And the contour plot."""
import glob
import os
import struct
import unittest

import numpy as np

from .support import SIM3, TempDir, cli, read_csv
import clusterkin as ck


def png_size(path):
    """(width, height) from the PNG signature and IHDR chunk (PNG spec 11.2.2)."""
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", head
    return struct.unpack(">II", head[16:24])


class DeconvolveMatchesCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.series = cls.tmp.path("series.csv")
        sp = cls.tmp.path("sp")
        # [Ag13Au12]- with the dimers above it: overlapping envelopes (MODEL.md section 7).
        cli("simulate", SIM3, "-q", "--sample-every", "1500 s", "-o", cls.series,
            "--spectra", sp, "--mz-range", "6180:6290", "--mz-step", "0.04")
        cls.scans = []
        with open(cls.tmp.path("scans.csv"), "w") as out:
            out.write("time_s,mz,intensity\n")
            for path in sorted(glob.glob(os.path.join(sp, "spectrum-*s.csv"))):
                t = float(os.path.basename(path)[9:-5])
                table = np.loadtxt(path, delimiter=",", skiprows=1)
                cls.scans.append((t, table[:, 0], table[:, 1]))
                with open(path) as f:
                    for line in list(f)[1:]:
                        out.write("%.10g,%s" % (t, line))
        cls.cli_csv = cls.tmp.path("ch.csv")
        cli("deconvolve", cls.tmp.path("scans.csv"), "--model", SIM3, "-q", "-o", cls.cli_csv)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_file_equals_the_cli_csv(self):
        with ck.Model.load(SIM3) as m:
            d = ck.deconvolve(self.tmp.path("scans.csv"), model=m)
        with open(self.cli_csv) as f:
            self.assertEqual(d.csv, f.read())
        out = self.tmp.path("py.csv")
        d.write_csv(out)
        with open(out) as f, open(self.cli_csv) as g:
            self.assertEqual(f.read(), g.read())
        # The arrays are what the CSV holds (%.10g) and what was simulated.
        header, rows = read_csv(self.cli_csv)
        seen = [label for label in header[1:] if not label.startswith("sd:")]
        self.assertEqual([d.labels[j] for j in np.flatnonzero(d.observed)], seen)
        self.assertEqual(d.fraction.shape, (3, len(d.labels)))
        np.testing.assert_allclose(d.time_s, [0, 1500, 3000])
        np.testing.assert_allclose(d.fraction[:, d.observed].sum(axis=1), 1.0, atol=1e-12)
        for k, row in enumerate(rows):
            for i, label in enumerate(seen):
                self.assertEqual(row[1 + i], "%.10g" % d.fraction[k, d.column(label)])
        self.assertTrue(np.all(d.fraction[:, ~d.observed] == 0))
        self.assertTrue(np.all(np.isnan(d.fraction_sd[:, ~d.observed])))
        # Independent of the deconvolution: the simulated shares of the same channels.
        sh, srows = read_csv(self.series)
        sim = np.array([[float(r[sh.index(label)]) for label in seen] for r in srows])
        np.testing.assert_allclose(d.fraction[:, [d.column(lb) for lb in seen]],
                                   sim / sim.sum(axis=1, keepdims=True), atol=1e-3)

    def test_arrays_and_model_path_equal_the_file(self):
        d = ck.deconvolve(self.scans, model=SIM3, threads=1)
        with open(self.cli_csv) as f:
            self.assertEqual(d.csv, f.read())

    def test_species_list(self):
        formulas = {"mono": "[Ag13Au12(C8H9S)18]-", "di": "[Ag26Au24(C8H9S)36]2-"}
        d = ck.deconvolve(self.scans, species=formulas)
        self.assertEqual(d.labels, ["mono", "di"])
        self.assertTrue(d.observed.all())
        self.assertEqual(d.csv.splitlines()[0], "time_s,mono,di,sd:mono,sd:di")

    def test_errors_raise_the_library_message(self):
        bad = self.tmp.write("bad.csv", "mz,intensity\n6200,1\n6199,2\n")
        with self.assertRaises(ck.InputError) as e:
            ck.deconvolve(bad, model=SIM3)
        self.assertEqual(str(e.exception), f"{bad}:3: m/z 6199 does not ascend (previous 6200)")
        self.assertEqual(e.exception.line, 3)
        with self.assertRaisesRegex(ck.InputError, "Xx"):
            ck.deconvolve(self.scans, species=["[Ag25(Xx)18]-"])
        with self.assertRaisesRegex(ck.ArgumentError, "baseline is none, constant or linear"):
            ck.deconvolve(self.scans, model=SIM3, baseline="cubic")
        with self.assertRaisesRegex(ck.ArgumentError, "needs model="):
            ck.deconvolve(self.scans)
        # Scans before mixing cannot go into a channel CSV: the library says why.
        d = ck.deconvolve(self.scans, species=["[Ag13Au12(C8H9S)18]-"], mixing_time_s=300)
        self.assertIsNone(d.csv)
        with self.assertRaisesRegex(ck.InputError, "before mixing"):
            d.write_csv(self.tmp.path("never.csv"))
        self.assertFalse(os.path.exists(self.tmp.path("never.csv")))


class PlotContour(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()

    def tearDown(self):
        self.tmp.cleanup()

    def test_png_of_the_requested_size(self):
        with ck.Model.load(SIM3) as m:
            sim = m.simulate()
        path = self.tmp.path("map.png")
        sim.plot_contour(path, size=(480, 320))  # after the model is closed
        self.assertEqual(png_size(path), (480, 320))
        sim.plot_contour(path, size="300x200", title="")
        self.assertEqual(png_size(path), (300, 200))

    def test_bad_options_raise_the_library_message(self):
        with ck.Model.load(SIM3) as m:
            sim = m.simulate()
        with self.assertRaisesRegex(ck.InputError, r"must end in \.png, \.svg or \.pdf"):
            sim.plot_contour(self.tmp.path("map.gif"))
        with self.assertRaisesRegex(ck.InputError, r'plot size "10x10"'):
            sim.plot_contour(self.tmp.path("map.png"), size="10x10")
        with self.assertRaisesRegex(ck.InputError, "plot size 50x50"):
            sim.plot_contour(self.tmp.path("map.png"), size=(50, 50))
        self.assertEqual(os.listdir(self.tmp.path(".")), [])


if __name__ == "__main__":
    unittest.main()
