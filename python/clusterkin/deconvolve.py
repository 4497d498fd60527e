# SPDX-License-Identifier: MIT
"""Deconvolution of mass spectra into species abundances: NOT BOUND YET.

STUB. The C side (include/clusterkin/ck_deconvolve.h: ck_deconvolve_series
and its species/templates objects) is being written in a parallel branch and
its interface is not settled, so this binding does not wrap it yet. The
function below detects the library symbol at run time and says which case
applies, instead of failing with an AttributeError from ctypes.
"""
from . import _lib

REQUIRED_SYMBOL = "ck_deconvolve_series"


def deconvolve(*args, **kwargs):
    """Would fit species abundances to a spectrum series (ck_deconvolve.h).
    Always raises NotImplementedError for now."""
    if not _lib.has(REQUIRED_SYMBOL):
        raise NotImplementedError(
            f"clusterkin.deconvolve needs the library function {REQUIRED_SYMBOL} "
            f"(ck_deconvolve.h), which {_lib.path} does not export")
    raise NotImplementedError(
        f"{_lib.path} exports {REQUIRED_SYMBOL}, but this version of the Python binding "
        "does not wrap it yet; use `clusterkin deconvolve` meanwhile")
