# SPDX-License-Identifier: MIT
"""Finding libclusterkin.so and declaring the C functions the binding calls.

Only CK_API functions are bound (the library is built with hidden
visibility). Structs are mirrored only where the headers document them as
public, transparent structs (ck_series, ck_tmax, ck_formula,
ck_solver_options, ck_solver_stats, ck_fit_options, ck_spectrum(_series),
ck_deconvolve_options, ck_deconvolution, ck_channel_id, ck_plot_options,
ck_plot_channels); everything else is an opaque pointer (c_void_p) handed
back to the library.
"""
import ctypes
import ctypes.util
import os

_HERE = os.path.dirname(os.path.abspath(__file__))
_LIBNAME = "libclusterkin.so"


def _candidates():
    """Where to look, in order: $CLUSTERKIN_LIB (the file or its directory),
    beside the package, the repository's build/ directory, the system loader."""
    env = os.environ.get("CLUSTERKIN_LIB")
    if env:
        yield os.path.join(env, _LIBNAME) if os.path.isdir(env) else env
        return  # an explicit choice is not second-guessed
    yield os.path.join(_HERE, _LIBNAME)
    yield os.path.join(os.path.dirname(os.path.dirname(_HERE)), "build", _LIBNAME)
    yield ctypes.util.find_library("clusterkin") or _LIBNAME


def _open():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError("clusterkin: cannot load libclusterkin.so; build it with `make build` "
                      "or set CLUSTERKIN_LIB to its path. Tried: " + "; ".join(tried))


lib, path = _open()

c_double_p = ctypes.POINTER(ctypes.c_double)
c_size_p = ctypes.POINTER(ctypes.c_size_t)

# ---- mirrored public structs (field order as in the headers) -------------

FORMULA_MAX_ELEMENTS = 32  # CK_FORMULA_MAX_ELEMENTS, ck_formula.h
ISOTOPE_DEFAULT_COVERAGE = 0.99999  # CK_ISOTOPE_DEFAULT_COVERAGE, ck_isotope.h


class Formula(ctypes.Structure):  # ck_formula.h
    _fields_ = [("n_elements", ctypes.c_int),
                ("element", ctypes.c_int * FORMULA_MAX_ELEMENTS),
                ("count", ctypes.c_long * FORMULA_MAX_ELEMENTS),
                ("charge", ctypes.c_int),
                ("mass_number", ctypes.c_int * FORMULA_MAX_ELEMENTS)]


class Tmax(ctypes.Structure):  # ck_observe.h
    _fields_ = [("t_max_s", ctypes.c_double), ("at_edge", ctypes.c_int)]


class Series(ctypes.Structure):  # ck_simulate.h
    _fields_ = [("n_times", ctypes.c_size_t), ("n_channels", ctypes.c_size_t),
                ("time_s", c_double_p), ("value", c_double_p),
                ("normalize", ctypes.c_int), ("tmax", ctypes.POINTER(Tmax))]


class SolverOptions(ctypes.Structure):  # ck_solver.h
    _fields_ = [("rtol", ctypes.c_double), ("atol_nM", ctypes.c_double),
                ("linear_solver", ctypes.c_int), ("max_steps", ctypes.c_long),
                ("profile", ctypes.c_int)]


class SolverStats(ctypes.Structure):  # ck_solver.h
    _fields_ = [(n, ctypes.c_long) for n in ("steps", "rhs_evals", "jac_evals", "lin_setups",
                                              "newton_iters", "newton_fails", "err_test_fails")] + \
               [(n, ctypes.c_double) for n in ("max_conservation_error", "rhs_s", "jac_s",
                                                "setup_s", "solve_s")] + \
               [(n, ctypes.c_long) for n in ("lin_iters", "lin_conv_fails", "prec_solves")]


FitProgress = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)


class FitOptions(ctypes.Structure):  # ck_fit.h
    _fields_ = [("threads", ctypes.c_int), ("grid_path", ctypes.c_char_p),
                ("resume", ctypes.c_int), ("progress", FitProgress),
                ("progress_user", ctypes.c_void_p)]


class Spectrum(ctypes.Structure):  # ck_spectrum.h
    _fields_ = [("time_s", ctypes.c_double), ("centroid", ctypes.c_int),
                ("n_points", ctypes.c_size_t), ("mz", c_double_p), ("intensity", c_double_p)]


class SpectrumSeries(ctypes.Structure):  # ck_spectrum.h
    _fields_ = [("n_scans", ctypes.c_size_t), ("scans", ctypes.POINTER(Spectrum))]


class SpectrumLoadOptions(ctypes.Structure):  # ck_spectrum.h
    _fields_ = [("time_offset_s", ctypes.c_double)]


class DeconvolveOptions(ctypes.Structure):  # ck_deconvolve.h
    _fields_ = [("max_shift_mz", ctypes.c_double), ("baseline", ctypes.c_int),
                ("threads", ctypes.c_int)]


class DeconvolutionResult(ctypes.Structure):  # ck_deconvolution, ck_deconvolve.h
    _fields_ = [("n_scans", ctypes.c_size_t), ("n_species", ctypes.c_size_t),
                ("time_s", c_double_p), ("observed", ctypes.POINTER(ctypes.c_ubyte)),
                ("abundance", c_double_p), ("abundance_sd", c_double_p),
                ("fraction", c_double_p), ("fraction_sd", c_double_p),
                ("shift_mz", c_double_p), ("baseline", c_double_p), ("centre_mz", c_double_p),
                ("rss", c_double_p), ("n_points", c_size_p)]


MAX_METALS = 8  # CK_MAX_METALS, ck_model.h


class ChannelId(ctypes.Structure):  # ck_data.h
    _fields_ = [("composition", ctypes.c_int * MAX_METALS), ("n_subunits", ctypes.c_int),
                ("charge", ctypes.c_int)]


class PlotOptions(ctypes.Structure):  # ck_plot.h
    _fields_ = [("path", ctypes.c_char_p), ("width_px", ctypes.c_int),
                ("height_px", ctypes.c_int), ("title", ctypes.c_char_p)]


class PlotChannels(ctypes.Structure):  # ck_plot.h
    _fields_ = [("n_times", ctypes.c_size_t), ("time_s", c_double_p),
                ("n_channels", ctypes.c_size_t), ("label", ctypes.POINTER(ctypes.c_char_p)),
                ("id", ctypes.POINTER(ChannelId)), ("value", c_double_p)]


# ---- prototypes -----------------------------------------------------------

_P = ctypes.c_void_p  # every opaque handle
_S = ctypes.c_int     # ck_status
_STR = ctypes.c_char_p

_PROTOTYPES = {
    # ck_error.h
    "ck_ctx_create": (_P, []),
    "ck_ctx_free": (None, [_P]),
    "ck_ctx_status": (_S, [_P]),
    "ck_ctx_errmsg": (_STR, [_P]),
    "ck_ctx_errfile": (_STR, [_P]),
    "ck_ctx_errline": (ctypes.c_int, [_P]),
    "ck_ctx_errtext": (_STR, [_P]),
    "ck_strerror": (_STR, [_S]),
    # ck_version.h
    "ck_version": (_STR, []),
    # ck_model.h
    "ck_model_load": (_P, [_P, _STR]),
    "ck_model_parse": (_P, [_P, _STR, ctypes.c_size_t, _STR]),
    "ck_model_free": (None, [_P]),
    "ck_model_name": (_STR, [_P]),
    "ck_model_source": (_STR, [_P]),
    "ck_model_cluster_count": (ctypes.c_int, [_P]),
    "ck_model_cluster_name": (_STR, [_P, ctypes.c_int]),
    "ck_model_cluster_formula": (_STR, [_P, ctypes.c_int]),
    "ck_model_cluster_concentration_nM": (ctypes.c_double, [_P, ctypes.c_int]),
    "ck_model_has_fit": (ctypes.c_int, [_P]),
    # ck_network.h
    "ck_network_generate": (_P, [_P, _P]),
    "ck_network_free": (None, [_P]),
    "ck_network_species_count": (ctypes.c_size_t, [_P]),
    "ck_network_monomer_count": (ctypes.c_size_t, [_P]),
    "ck_network_dimer_count": (ctypes.c_size_t, [_P]),
    "ck_network_reaction_count": (ctypes.c_size_t, [_P]),
    "ck_network_reaction_count_of": (ctypes.c_size_t, [_P, ctypes.c_int]),
    "ck_network_species_label": (ctypes.c_int, [_P, ctypes.c_size_t, _STR, ctypes.c_size_t]),
    # ck_observe.h
    "ck_channels_create": (_P, [_P, _P]),
    "ck_channels_free": (None, [_P]),
    "ck_channels_count": (ctypes.c_size_t, [_P]),
    "ck_channels_label": (_STR, [_P, ctypes.c_size_t]),
    # ck_solver.h
    "ck_solver_options_from_model": (SolverOptions, [_P]),
    "ck_solver_create": (_P, [_P, _P, ctypes.POINTER(SolverOptions)]),
    "ck_solver_free": (None, [_P]),
    "ck_solver_get_stats": (SolverStats, [_P]),
    "ck_solver_linear_solver_name": (_STR, [_P]),
    # ck_simulate.h
    "ck_model_initial_state": (_S, [_P, _P, _P, c_double_p]),
    "ck_model_initial_state_with": (_S, [_P, _P, _P, c_double_p, c_double_p]),
    "ck_simulate_series_from": (ctypes.POINTER(Series), [_P, _P, _P, _P, _P, c_double_p]),
    "ck_series_free": (None, [ctypes.POINTER(Series)]),
    # ck_fit.h
    "ck_fit_create": (_P, [_P, _P]),
    "ck_fit_free": (None, [_P]),
    "ck_fit_run": (_P, [_P, _P, ctypes.POINTER(FitOptions)]),
    "ck_fit_result_free": (None, [_P]),
    "ck_fit_result_write_json": (_S, [_P, _P, _P, _STR, _P]),
    # ck_formula.h
    "ck_formula_parse": (_S, [_P, _STR, ctypes.POINTER(Formula)]),
    "ck_formula_format": (ctypes.c_size_t, [ctypes.POINTER(Formula), _STR, ctypes.c_size_t]),
    "ck_abundance_table_create": (_P, [_P]),
    "ck_abundance_table_free": (None, [_P]),
    "ck_abundance_table_set_enrichment": (_S, [_P, _P, _STR, ctypes.c_double]),
    "ck_formula_average_mz": (_S, [_P, ctypes.POINTER(Formula), _P, c_double_p]),
    "ck_formula_monoisotopic_mz": (_S, [_P, ctypes.POINTER(Formula), _P, c_double_p]),
    # ck_isotope.h
    "ck_isotope_most_abundant_mz": (_S, [_P, ctypes.POINTER(Formula), _P, c_double_p]),
    "ck_isotope_pattern_compute": (_P, [_P, ctypes.POINTER(Formula), _P, ctypes.c_double]),
    "ck_isotope_pattern_bin": (_P, [_P, _P, ctypes.c_double]),
    "ck_isotope_pattern_nominal": (_P, [_P, _P]),
    "ck_isotope_pattern_free": (None, [_P]),
    "ck_isotope_pattern_size": (ctypes.c_size_t, [_P]),
    "ck_isotope_pattern_mz": (c_double_p, [_P]),
    "ck_isotope_pattern_probability": (c_double_p, [_P]),
    "ck_isotope_pattern_charge": (ctypes.c_int, [_P]),
    "ck_isotope_pattern_profile_add": (_S, [_P, _P, ctypes.c_double, ctypes.c_double,
                                            ctypes.c_size_t, c_double_p, c_double_p]),
    # ck_spectrum.h
    "ck_spectrum_series_load": (_P, [_P, _STR, ctypes.POINTER(SpectrumLoadOptions)]),
    "ck_spectrum_series_create": (_P, [_P, ctypes.c_size_t]),
    "ck_spectrum_alloc": (_S, [_P, ctypes.POINTER(Spectrum), ctypes.c_size_t]),
    "ck_spectrum_series_free": (None, [_P]),
    # ck_deconvolve.h
    "ck_ms_species_create": (_P, [_P]),
    "ck_ms_species_add": (_S, [_P, _P, _STR, _STR]),
    "ck_ms_species_from_model": (_P, [_P, _P, _P]),
    "ck_ms_species_within": (_P, [_P, _P, ctypes.c_double, ctypes.c_double]),
    "ck_ms_species_free": (None, [_P]),
    "ck_ms_species_count": (ctypes.c_size_t, [_P]),
    "ck_ms_species_label": (_STR, [_P, ctypes.c_size_t]),
    "ck_ms_templates_create": (_P, [_P, _P, ctypes.c_double]),
    "ck_ms_templates_free": (None, [_P]),
    "ck_deconvolve_options_default": (DeconvolveOptions, []),
    "ck_deconvolve_series": (_P, [_P, _P, _P, ctypes.POINTER(DeconvolveOptions)]),
    "ck_deconvolution_free": (None, [_P]),
    "ck_deconvolution_write_csv": (_S, [_P, _P, _P, _P]),
    # ck_data.h
    "ck_channel_label_parse": (_S, [_P, _P, _STR, ctypes.POINTER(ChannelId)]),
    # ck_plot.h
    "ck_plot_size_parse": (_S, [_P, _STR, ctypes.POINTER(PlotOptions)]),
    "ck_plot_contour": (_S, [_P, ctypes.POINTER(PlotOptions), ctypes.POINTER(PlotChannels)]),
}

for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)  # AttributeError here: the library is older than the binding
    _fn.restype = _restype
    _fn.argtypes = _argtypes


def has(symbol):
    """True when the loaded library exports symbol (optional parts of the API)."""
    return hasattr(lib, symbol)


# ---- C streams for writers that take a FILE * -----------------------------
# ck_fit_result_write_json writes to a FILE *: an in-memory stream from the C
# library (POSIX open_memstream) hands its bytes back without a temporary file.
libc = ctypes.CDLL(None)
libc.open_memstream.restype = ctypes.c_void_p
libc.open_memstream.argtypes = [ctypes.POINTER(ctypes.c_void_p), c_size_p]
libc.fclose.restype = ctypes.c_int
libc.fclose.argtypes = [ctypes.c_void_p]
libc.free.restype = None
libc.free.argtypes = [ctypes.c_void_p]


def write_to_bytes(writer):
    """Calls writer(FILE *) on an in-memory stream; returns (its status, the bytes written)."""
    buf, size = ctypes.c_void_p(), ctypes.c_size_t()
    stream = libc.open_memstream(ctypes.byref(buf), ctypes.byref(size))
    if not stream:
        raise MemoryError("open_memstream failed")
    try:
        status = writer(stream)
    finally:
        libc.fclose(stream)  # flushes; buf and size are final only now
    try:
        data = ctypes.string_at(buf, size.value) if buf.value else b""
    finally:
        libc.free(buf)
    return status, data
