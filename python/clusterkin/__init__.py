# SPDX-License-Identifier: MIT
"""clusterkin: kinetics of intercluster metal exchange, from Python.

A thin ctypes binding of libclusterkin.so (found through $CLUSTERKIN_LIB,
beside this package, in the repository's build/ directory, or by the system
loader); NumPy arrays in and out.

    import clusterkin as ck
    with ck.Model.load("examples/ag25-au25-sim3.yaml") as m:
        print(m.network())                  # as `clusterkin network --json`
        sim = m.simulate()                  # as `clusterkin simulate -o`
        print(sim.tmax("[Ag24Au1]1-"))
    ck.mass("[Ag25(C8H9S)18]-")             # as `clusterkin mass --json`
    ck.isotope_pattern("[Ag25(C8H9S)18]-", coverage=0.999, bin_mz=0.5)
    sim.plot_contour("map.png")             # as `clusterkin simulate --plot`
    d = ck.deconvolve("scans.csv", model="examples/ag25-au25-sim3.yaml")
    d.fraction, d.fraction_sd               # as `clusterkin deconvolve`; d.write_csv(path)

Every failure of the library raises a ClusterkinError subclass (InputError,
SolverError, ...) whose text is the library's message, with file and line
where the input is known.
"""
from . import _lib
from .deconvolve import Deconvolution, deconvolve
from .errors import (ArgumentError, ClusterkinError, ConservationError, InputError,
                     InputOutputError, LimitError, OutOfMemoryError, SolverError,
                     UnsupportedError)
from .isotope import (ISOTOPE_DEFAULT_COVERAGE, IsotopePattern, canonical_formula,
                      isotope_pattern, isotope_profile, mass)
from .model import Model, Simulation

__version__ = _lib.lib.ck_version().decode("utf-8")
library_path = _lib.path
load = Model.load
from_yaml = Model.from_yaml

__all__ = [
    "Model", "Simulation", "load", "from_yaml", "mass", "canonical_formula",
    "isotope_pattern", "isotope_profile", "IsotopePattern", "ISOTOPE_DEFAULT_COVERAGE",
    "deconvolve", "Deconvolution", "ClusterkinError", "OutOfMemoryError", "InputError", "InputOutputError",
    "SolverError", "ConservationError", "ArgumentError", "LimitError", "UnsupportedError",
    "library_path",
]
