# SPDX-License-Identifier: MIT
"""Masses and isotope patterns of formulas (ck_formula.h, ck_isotope.h; MODEL.md section 7).

Formulas use the library's syntax: "[Ag25(C8H9S)18]-", "[Ag23Au27(C8H9S)36]2-",
adducts "[C8H10N4O2+H]+", isotope labels "[107Ag25(C8H9S)18]-". labels
({"107Ag": 0.99}) sets what a label stands for, as `clusterkin mass --label`.
m/z = (M - z m_e)/|z|; a neutral formula gives its mass in Da.
"""
import ctypes
import dataclasses

import numpy as np

from . import _lib
from .errors import ArgumentError, context

_lib_ = _lib.lib
ISOTOPE_DEFAULT_COVERAGE = _lib.ISOTOPE_DEFAULT_COVERAGE


@dataclasses.dataclass
class IsotopePattern:
    """Peaks in ascending m/z with their probabilities (summing to at least
    the coverage asked for), and the formula's signed charge."""
    mz: np.ndarray
    probability: np.ndarray
    charge: int


class _Formula:
    """A parsed formula and its abundance table (NULL: natural abundances,
    labels at 100 %), freed on leaving the with block."""

    def __init__(self, ctx, text, labels):
        self.ctx = ctx
        self.formula = _lib.Formula()
        self.table = None
        if labels:
            self.table = ctx.check_ptr(_lib_.ck_abundance_table_create(ctx.ptr))
        try:
            for label, fraction in (labels or {}).items():
                ctx.check(_lib_.ck_abundance_table_set_enrichment(
                    ctx.ptr, self.table, label.encode("utf-8"), float(fraction)))
            ctx.check(_lib_.ck_formula_parse(ctx.ptr, text.encode("utf-8"),
                                             ctypes.byref(self.formula)))
        except BaseException:
            self.close()
            raise

    @property
    def ref(self):
        return ctypes.byref(self.formula)

    def close(self):
        if self.table:
            _lib_.ck_abundance_table_free(self.table)
            self.table = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def mass(formula, labels=None):
    """Average, monoisotopic and most abundant m/z, the keys of
    `clusterkin mass --json` (not rounded to 6 decimals as the CLI prints)."""
    with context() as ctx, _Formula(ctx, formula, labels) as f:
        out = {}
        for key, fn in (("average_mz", _lib_.ck_formula_average_mz),
                        ("monoisotopic_mz", _lib_.ck_formula_monoisotopic_mz),
                        ("most_abundant_mz", _lib_.ck_isotope_most_abundant_mz)):
            value = ctypes.c_double()
            ctx.check(fn(ctx.ptr, f.ref, f.table, ctypes.byref(value)))
            out[key] = value.value
        return out


def canonical_formula(formula):
    """(canonical text, signed charge): "[Ag25(C8H9S)18]-" -> ("[Ag25C144H162S18]-", -1)."""
    with context() as ctx, _Formula(ctx, formula, None) as f:
        buf = ctypes.create_string_buffer(512)
        need = _lib_.ck_formula_format(f.ref, buf, len(buf))
        if need >= len(buf):
            buf = ctypes.create_string_buffer(need + 1)
            _lib_.ck_formula_format(f.ref, buf, len(buf))
        return buf.value.decode("utf-8"), f.formula.charge


def _pattern_arrays(pattern):
    n = _lib_.ck_isotope_pattern_size(pattern)
    if n == 0:
        return np.empty(0), np.empty(0)
    mz = np.ctypeslib.as_array(_lib_.ck_isotope_pattern_mz(pattern), shape=(n,)).copy()
    p = np.ctypeslib.as_array(_lib_.ck_isotope_pattern_probability(pattern), shape=(n,)).copy()
    return mz, p


def isotope_pattern(formula, coverage=0.9999, bin_mz=None, nominal=False, labels=None):
    """Isotope pattern of formula (IsoSpec fine structure) covering total
    probability >= coverage (0 < coverage <= 1), as `clusterkin mass --pattern`.

    bin_mz: merge the peaks into bins of this width (m/z), each at the
    probability-weighted mean of its contents (`--bin`); nominal: one peak
    per isotope peak (same number of extra neutrons), as an instrument that
    does not resolve the fine structure shows it. Returns an IsotopePattern."""
    if bin_mz is not None and nominal:
        raise ArgumentError("give bin_mz or nominal, not both")
    with context() as ctx, _Formula(ctx, formula, labels) as f:
        fine = ctx.check_ptr(_lib_.ck_isotope_pattern_compute(ctx.ptr, f.ref, f.table,
                                                              float(coverage)))
        try:
            shown = fine
            if bin_mz is not None:
                shown = ctx.check_ptr(_lib_.ck_isotope_pattern_bin(ctx.ptr, fine, float(bin_mz)))
            elif nominal:
                shown = ctx.check_ptr(_lib_.ck_isotope_pattern_nominal(ctx.ptr, fine))
            try:
                mz, p = _pattern_arrays(shown)
                return IsotopePattern(mz, p, _lib_.ck_isotope_pattern_charge(shown))
            finally:
                if shown != fine:
                    _lib_.ck_isotope_pattern_free(shown)
        finally:
            _lib_.ck_isotope_pattern_free(fine)


def isotope_profile(formula, mz, resolving_power, coverage=ISOTOPE_DEFAULT_COVERAGE,
                    weight=1.0, labels=None):
    """Profile spectrum on the grid mz (strictly ascending m/z): every peak of
    the pattern (at coverage) a Gaussian of FWHM = m/z / resolving_power and
    area weight x its probability, so the profile is a density in probability
    per unit m/z. Returns an array shaped like mz."""
    grid = np.ascontiguousarray(mz, dtype=np.float64)
    if grid.ndim != 1:
        raise ArgumentError(f"mz must be one-dimensional, not shape {grid.shape}")
    out = np.zeros_like(grid)
    with context() as ctx, _Formula(ctx, formula, labels) as f:
        pattern = ctx.check_ptr(_lib_.ck_isotope_pattern_compute(ctx.ptr, f.ref, f.table,
                                                                 float(coverage)))
        try:
            ctx.check(_lib_.ck_isotope_pattern_profile_add(
                ctx.ptr, pattern, float(resolving_power), float(weight), grid.size,
                grid.ctypes.data_as(_lib.c_double_p), out.ctypes.data_as(_lib.c_double_p)))
        finally:
            _lib_.ck_isotope_pattern_free(pattern)
    return out
