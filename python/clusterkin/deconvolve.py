# SPDX-License-Identifier: MIT
"""Deconvolution of mass spectra into species abundances (ck_deconvolve.h,
MODEL.md sections 7 and 8), as `clusterkin deconvolve` does it.

    import clusterkin as ck
    with ck.Model.load("examples/ag25-au25-sim3.yaml") as m:
        d = ck.deconvolve("scans.csv", model=m)
    d.fraction[:, d.column("[Ag13Au12]1-")]     # share of the ion current per scan
    d.write_csv("channels.csv")                 # the CSV `clusterkin fit` reads
"""
import ctypes
import dataclasses
import os

import numpy as np

from . import _lib
from .errors import ArgumentError, context, error_from

_lib_ = _lib.lib

_BASELINES = {"none": 0, "constant": 1, "linear": 2}  # ck_baseline (ck_deconvolve.h)
DEFAULT_RESOLUTION = 25000.0     # CK_DECONVOLVE_DEFAULT_RESOLUTION
DEFAULT_MAX_SHIFT_MZ = 0.3       # CK_DECONVOLVE_DEFAULT_MAX_SHIFT_MZ


@dataclasses.dataclass
class Deconvolution:
    """The fit of every scan (arrays over scans x candidate species).

    labels:       candidate species in column order (channel labels for a model)
    observed:     per species, True when its envelope lies inside every scan's
                  m/z range (only those are fitted; the others are 0)
    time_s:       each scan's start time after mixing (NaN when unknown)
    abundance, abundance_sd:  envelope areas (intensity x m/z) and their sd
    fraction, fraction_sd:    abundance over the observed species' sum (rows
                  sum to 1) and sd (NaN for unobserved species)
    shift_mz, rss, n_points, centre_mz: per scan the fitted m/z offset, the
                  residual sum of squares, the points fitted, their centre
    baseline:     per scan (level at centre_mz, slope per m/z)
    csv:          the channel CSV text, byte for byte what `clusterkin
                  deconvolve -o` writes; None when the library cannot write
                  one (a scan without start time, ...): write_csv then raises
                  its error
    """
    labels: list
    observed: np.ndarray
    time_s: np.ndarray
    abundance: np.ndarray
    abundance_sd: np.ndarray
    fraction: np.ndarray
    fraction_sd: np.ndarray
    shift_mz: np.ndarray
    baseline: np.ndarray
    centre_mz: np.ndarray
    rss: np.ndarray
    n_points: np.ndarray
    csv: str
    csv_error: Exception = dataclasses.field(default=None, repr=False, compare=False)

    def column(self, label):
        """Index of the species with this label (KeyError if none)."""
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(f"no species {label!r} among the candidates") from None

    def write_csv(self, path):
        """Writes the channel CSV (time_s, observed labels, sd:<label>) to path,
        through a temporary file renamed into place."""
        if self.csv is None:
            raise self.csv_error
        tmp = f"{path}.tmp.{os.getpid()}"
        with open(tmp, "w", newline="") as f:
            f.write(self.csv)
        os.replace(tmp, path)


def _series_from_arrays(ctx, scans):
    """A ck_spectrum_series from [(time_s, mz, intensity), ...] (NumPy-like)."""
    series = ctx.check_ptr(_lib_.ck_spectrum_series_create(ctx.ptr, len(scans)))
    try:
        s = ctypes.cast(series, ctypes.POINTER(_lib.SpectrumSeries)).contents
        for k, scan in enumerate(scans):
            try:
                t, mz, y = scan
            except (TypeError, ValueError):
                raise ArgumentError(f"scan {k + 1}: give (time_s, mz, intensity)") from None
            mz = np.ascontiguousarray(mz, dtype=np.float64)
            y = np.ascontiguousarray(y, dtype=np.float64)
            if mz.ndim != 1 or mz.shape != y.shape or mz.size == 0:
                raise ArgumentError(f"scan {k + 1}: mz and intensity need the same length > 0 "
                                    f"(shapes {mz.shape}, {y.shape})")
            if not np.all(np.diff(mz) > 0):
                raise ArgumentError(f"scan {k + 1}: m/z must ascend strictly")
            sc = s.scans[k]
            ctx.check(_lib_.ck_spectrum_alloc(ctx.ptr, ctypes.byref(sc), mz.size))
            sc.time_s = float("nan") if t is None else float(t)
            ctypes.memmove(sc.mz, mz.ctypes.data, mz.nbytes)
            ctypes.memmove(sc.intensity, y.ctypes.data, y.nbytes)
    except BaseException:
        _lib_.ck_spectrum_series_free(series)
        raise
    return series


def _load_series(ctx, spectra, mixing_time_s):
    if isinstance(spectra, (str, bytes, os.PathLike)):
        opt = _lib.SpectrumLoadOptions(-float(mixing_time_s or 0.0))
        return ctx.check_ptr(_lib_.ck_spectrum_series_load(ctx.ptr, os.fsencode(spectra),
                                                           ctypes.byref(opt)))
    series = _series_from_arrays(ctx, list(spectra))
    if mixing_time_s:
        s = ctypes.cast(series, ctypes.POINTER(_lib.SpectrumSeries)).contents
        for k in range(s.n_scans):
            s.scans[k].time_s -= float(mixing_time_s)
    return series


def _candidates(ctx, model, species):
    """ck_ms_species: the formulas given, else the model's channels (as the CLI)."""
    if species is not None:
        items = species.items() if isinstance(species, dict) else [(None, f) for f in species]
        set_ = ctx.check_ptr(_lib_.ck_ms_species_create(ctx.ptr))
        try:
            for label, formula in items:
                ctx.check(_lib_.ck_ms_species_add(
                    ctx.ptr, set_, label.encode("utf-8") if label is not None else None,
                    formula.encode("utf-8")))
        except BaseException:
            _lib_.ck_ms_species_free(set_)
            raise
        return set_
    if model is None:
        raise ArgumentError("deconvolve needs model= (its channels are the candidates) "
                            "or species=")
    from .model import Model
    owned = None
    if not isinstance(model, Model):
        model = owned = Model.load(model)
    try:
        net, ch = model._network()
        return ctx.check_ptr(_lib_.ck_ms_species_from_model(ctx.ptr, model._model(), ch))
    finally:
        if owned is not None:
            owned.close()


def _within_scans(ctx, series, set_):
    """Only species every scan can see get templates (what the CLI does)."""
    s = ctypes.cast(series, ctypes.POINTER(_lib.SpectrumSeries)).contents
    lo, hi = 0.0, float("inf")
    for k in range(s.n_scans):
        sc = s.scans[k]
        if sc.n_points > 0:
            lo, hi = max(lo, sc.mz[0]), min(hi, sc.mz[sc.n_points - 1])
    return ctx.check_ptr(_lib_.ck_ms_species_within(ctx.ptr, set_, lo, hi))


def deconvolve(spectra, model=None, species=None, resolution=DEFAULT_RESOLUTION,
               max_shift_mz=DEFAULT_MAX_SHIFT_MZ, baseline="constant", threads=0,
               mixing_time_s=None):
    """Fits every scan as non-negative sums of the candidates' isotope-pattern
    templates (ck_deconvolve_series); returns a Deconvolution.

    spectra: a spectrum file (text/CSV or mzML, read by ck_spectrum_series_load)
             or a list of (time_s, mz, intensity) scans (NumPy arrays, m/z in Th)
    model:   a Model or a model file whose monomer and dimer channels are the
             candidates; or species: formulas (list) or {label: formula}
    resolution: resolving power R (FWHM = m/z / R); max_shift_mz: largest m/z
             offset searched (0: none); baseline: "none", "constant", "linear";
             threads: OpenMP threads (0: default; the result does not depend on it)
    mixing_time_s: time of mixing on the acquisition clock, subtracted from
             every scan time (`--mixing-time`)
    The candidates are narrowed to those inside the scans' m/z range, as
    `clusterkin deconvolve` does, so the results equal the command's."""
    if baseline not in _BASELINES:
        raise ArgumentError(f"baseline is none, constant or linear, not {baseline!r}")
    opt = _lib_.ck_deconvolve_options_default()
    opt.max_shift_mz, opt.baseline, opt.threads = float(max_shift_mz), _BASELINES[baseline], \
        int(threads)
    with context() as ctx:
        set_ = _candidates(ctx, model, species)
        series = templates = result = None
        try:
            series = _load_series(ctx, spectra, mixing_time_s)
            narrowed = _within_scans(ctx, series, set_)
            _lib_.ck_ms_species_free(set_)
            set_ = narrowed
            templates = ctx.check_ptr(_lib_.ck_ms_templates_create(ctx.ptr, set_,
                                                                   float(resolution)))
            result = ctx.check_ptr(_lib_.ck_deconvolve_series(ctx.ptr, series, templates,
                                                              ctypes.byref(opt)))
            return _result(ctx, result, set_)
        finally:
            _lib_.ck_deconvolution_free(result)
            _lib_.ck_ms_templates_free(templates)
            _lib_.ck_spectrum_series_free(series)
            _lib_.ck_ms_species_free(set_)


def _result(ctx, ptr, set_):
    r = ctypes.cast(ptr, ctypes.POINTER(_lib.DeconvolutionResult)).contents
    ns, nj = r.n_scans, r.n_species

    def arr(p, n, dtype=np.float64):
        return np.ctypeslib.as_array(p, shape=(n,)).astype(dtype, copy=True) if n else \
            np.empty(0, dtype=dtype)
    labels = [_lib_.ck_ms_species_label(set_, j).decode("utf-8") for j in range(nj)]
    status, data = _lib.write_to_bytes(
        lambda stream: _lib_.ck_deconvolution_write_csv(ctx.ptr, ptr, set_, stream))
    csv, csv_error = (data.decode("utf-8"), None) if status == 0 else \
        (None, error_from(ctx.ptr, status))
    return Deconvolution(
        labels=labels, observed=arr(r.observed, nj, np.uint8).astype(bool),
        time_s=arr(r.time_s, ns),
        abundance=arr(r.abundance, ns * nj).reshape(ns, nj),
        abundance_sd=arr(r.abundance_sd, ns * nj).reshape(ns, nj),
        fraction=arr(r.fraction, ns * nj).reshape(ns, nj),
        fraction_sd=arr(r.fraction_sd, ns * nj).reshape(ns, nj),
        shift_mz=arr(r.shift_mz, ns), baseline=arr(r.baseline, 2 * ns).reshape(ns, 2),
        centre_mz=arr(r.centre_mz, ns), rss=arr(r.rss, ns),
        n_points=arr(r.n_points, ns, np.uint64).astype(np.int64), csv=csv, csv_error=csv_error)
