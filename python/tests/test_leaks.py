# SPDX-License-Identifier: MIT
"""No C memory left behind: every binding call, repeated, keeps the bytes in
use by malloc flat (glibc mallinfo2 of the main arena; the C library's
allocations are made on the calling thread). A leaked series, pattern, model
or context would grow it by at least its size on every call."""
import ctypes
import gc
import os
import unittest

import numpy as np

from .support import TESTDATA, TempDir
from .test_fit import tiny_fit_model
from .test_simulate import short_model
import clusterkin as ck


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                                "usmblks", "fsmblks", "uordblks", "fordblks",
                                                "keepcost")]


_libc = ctypes.CDLL(None)
_mallinfo2 = getattr(_libc, "mallinfo2", None)
if _mallinfo2 is not None:
    _mallinfo2.restype = _Mallinfo2


def bytes_in_use():
    gc.collect()
    info = _mallinfo2()
    return info.uordblks + info.hblkhd  # small blocks + mmapped big ones


@unittest.skipIf(_mallinfo2 is None or "asan" in os.environ.get("LD_PRELOAD", ""),
                 "needs glibc's mallinfo2 (the sanitizer runtime replaces malloc)")
class NoLeaks(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()

    def tearDown(self):
        self.tmp.cleanup()

    def assert_flat(self, op, repeats=10, per_call_bytes=64, spans=3, warm_up=100):
        """spans runs of repeats calls after a warm-up: a one-time
        allocation (a module opened once, a cache or interpreter table that
        grows) lands in one span, a leak grows every span, so the span that
        grew least is the one judged."""
        for _ in range(warm_up):  # malloc's and the interpreter's caches settle over ~100 calls
            op()
        grown = []
        for _ in range(spans):
            before = bytes_in_use()
            for _ in range(repeats):
                op()
            grown.append(bytes_in_use() - before)
        self.assertLess(min(grown), repeats * per_call_bytes,
                        f"bytes in use grew by {grown} over {spans} spans of {repeats} calls")

    def test_models_and_simulations(self):
        path = self.tmp.write("m.yaml", short_model())

        def load_simulate():
            with ck.Model.load(path) as m:
                m.network()
                m.species_labels
                m.simulate(concentrations={"Ag25": 50})

        def unclosed():  # left to the garbage collector
            m = ck.Model.load(path)
            m.simulate()

        self.assert_flat(load_simulate)
        self.assert_flat(unclosed)

    def test_errors(self):
        bad = self.tmp.write("bad.yaml", short_model().replace("/s}", "/fortnight}"))

        def fail():
            for call in (lambda: ck.Model.load(bad), lambda: ck.mass("[Xx]-"),
                         lambda: ck.isotope_pattern("[Ag2]-", coverage=3)):
                with self.assertRaises(ck.ClusterkinError):
                    call()

        self.assert_flat(fail)

    def test_formulas(self):
        grid = np.linspace(210, 222, 2000)

        def formulas():
            ck.mass("[Ag25(C8H9S)18]-", labels={"107Ag": 0.9})
            ck.isotope_pattern("[Ag25(C8H9S)18]-", coverage=0.99, bin_mz=0.5)
            ck.isotope_pattern("[Ag25(C8H9S)18]-", coverage=0.99, nominal=True)
            ck.isotope_profile("[Ag2]-", grid, resolving_power=5000)

        self.assert_flat(formulas)

    def test_fit(self):
        path = self.tmp.write("fit.yaml",
                              tiny_fit_model(os.path.join(TESTDATA, "sim3-40-40.csv")))

        def fit():
            with ck.Model.load(path) as m:
                m.fit(threads=1)

        # A fit reads files and builds Python dicts between the C calls; give
        # the interpreter's own heap use some room (it once grew by a few
        # hundred bytes in one span on a loaded machine) while any leaked fit
        # (a model, a network of ~100 kB, a result) still fails.
        self.assert_flat(fit, repeats=4, per_call_bytes=512, spans=4)


if __name__ == "__main__":
    unittest.main()
