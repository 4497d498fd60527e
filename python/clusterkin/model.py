# SPDX-License-Identifier: MIT
"""Models: loading, the reaction network's size, simulation, fitting."""
import ctypes
import dataclasses
import json
import os

import numpy as np

from . import _lib
from .errors import ArgumentError, context, error_from

_lib_ = _lib.lib

# ck_reaction_kind order (ck_network.h)
_DIMERIZATION, _DISSOCIATION, _EXCHANGE = 0, 1, 2
_NORMALIZE = {0: "total-ion", 1: "none"}  # ck_normalize (ck_model.h)


def _str(raw):
    return raw.decode("utf-8") if raw is not None else None


def _array_copy(ptr, n, dtype=np.float64):
    """A NumPy copy of n doubles at ptr (the C memory is freed afterwards)."""
    if n == 0:
        return np.empty(0, dtype=dtype)
    return np.ctypeslib.as_array(ptr, shape=(n,)).astype(dtype, copy=True)


@dataclasses.dataclass
class Simulation:
    """One simulation, as `clusterkin simulate` writes it.

    time_s:   experimental times (s after the first measurement; model time
              minus the dead time), shape (n_times,)
    values:   channel intensities, shape (n_times, n_channels): fractions of
              the total ion signal (normalize "total-ion") or nM ("none")
    labels:   channel labels in column order ("[Ag25Au0]1-", ...)
    tmax_s:   time of each channel's maximum (NaN when undefined)
    tmax_at_edge: 1 maximum on the first or last output, 0 inside, -1 undefined
    normalize: "total-ion" or "none"
    stats:    CVODE statistics of the run (steps, rhs_evals, ...)
    channel_ids: each label parsed by the library against the model
              (ck_channel_id), kept for plots made after the model is closed
    """
    time_s: np.ndarray
    values: np.ndarray
    labels: list
    tmax_s: np.ndarray
    tmax_at_edge: np.ndarray
    normalize: str
    stats: dict
    channel_ids: object = dataclasses.field(default=None, repr=False, compare=False)

    def column(self, label):
        """Index of the channel with this label (KeyError if none)."""
        try:
            return self.labels.index(label)
        except ValueError:
            raise KeyError(f"no channel {label!r} (channels: {self.labels[0]} ... "
                           f"{self.labels[-1]})") from None

    def channel(self, label):
        """The series of one channel, shape (n_times,)."""
        return self.values[:, self.column(label)]

    def tmax(self, label):
        """(t_max_s, at_edge) of one channel."""
        c = self.column(label)
        return float(self.tmax_s[c]), int(self.tmax_at_edge[c])

    def plot_contour(self, path, size=None, title=None):
        """Draws the contour map of the channels (ck_plot_contour, as
        `clusterkin simulate --plot`) into path: .png, .svg or .pdf; size
        (width, height) or "WxH" in pixels (default 1200x800); title None: the
        default, "": none. The file is written whole or not at all."""
        if self.channel_ids is None:
            raise ArgumentError("plot_contour needs a Simulation from Model.simulate")
        opt = _lib.PlotOptions(os.fsencode(path), 0, 0,
                               title.encode("utf-8") if title is not None else None)
        nt, nc = self.values.shape
        labels = (ctypes.c_char_p * nc)(*[label.encode("utf-8") for label in self.labels])
        time_s = np.ascontiguousarray(self.time_s, dtype=np.float64)
        values = np.ascontiguousarray(self.values, dtype=np.float64)
        view = _lib.PlotChannels(nt, time_s.ctypes.data_as(_lib.c_double_p), nc, labels,
                                 self.channel_ids, values.ctypes.data_as(_lib.c_double_p))
        with context() as ctx:
            if isinstance(size, str):
                ctx.check(_lib_.ck_plot_size_parse(ctx.ptr, size.encode("utf-8"),
                                                   ctypes.byref(opt)))
            elif size is not None:
                opt.width_px, opt.height_px = (int(v) for v in size)
            ctx.check(_lib_.ck_plot_contour(ctx.ptr, ctypes.byref(opt), ctypes.byref(view)))


class Model:
    """A model file (MODEL.md section 8) loaded into libclusterkin.

    Load with Model.load(path) or Model.from_yaml(text). The C objects (model,
    its network and channels, generated on first use) are freed by close(),
    by leaving a `with` block, or when the object is garbage-collected.
    """

    def __init__(self, ptr):
        self._ptr = ptr
        self._net = None
        self._ch = None

    @classmethod
    def load(cls, path):
        """Reads a model file; InputError (with file and line) if it is wrong."""
        with context() as ctx:
            return cls(ctx.check_ptr(_lib_.ck_model_load(ctx.ptr, os.fsencode(path))))

    @classmethod
    def from_yaml(cls, text, source="<string>"):
        """Reads a model from YAML text; source names it in messages, and data
        files of a fit block are found relative to its directory."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        with context() as ctx:
            return cls(ctx.check_ptr(_lib_.ck_model_parse(ctx.ptr, data, len(data),
                                                          os.fsencode(source))))

    # ---- lifetime ----------------------------------------------------------

    def close(self):
        """Frees the C objects; the model cannot be used afterwards."""
        if getattr(self, "_ch", None):
            _lib_.ck_channels_free(self._ch)
        if getattr(self, "_net", None):
            _lib_.ck_network_free(self._net)
        if getattr(self, "_ptr", None):
            _lib_.ck_model_free(self._ptr)
        self._ch = self._net = self._ptr = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # At interpreter exit the module globals may already be gone.
        if _lib_ is not None:
            self.close()

    def _model(self):
        if not self._ptr:
            raise ValueError("clusterkin: this Model has been closed")
        return self._ptr

    def _network(self):
        """The network and channels, generated once and kept."""
        model = self._model()
        if not self._net:
            with context() as ctx:
                self._net = ctx.check_ptr(_lib_.ck_network_generate(ctx.ptr, model))
                self._ch = ctx.check_ptr(_lib_.ck_channels_create(ctx.ptr, self._net))
        return self._net, self._ch

    # ---- what the model says -----------------------------------------------

    @property
    def name(self):
        return _str(_lib_.ck_model_name(self._model()))

    @property
    def source(self):
        """The file the model came from ("<string>" or the source given)."""
        return _str(_lib_.ck_model_source(self._model()))

    @property
    def clusters(self):
        """{name: {"formula": ..., "concentration_nM": ...}} in model order."""
        m = self._model()
        return {_str(_lib_.ck_model_cluster_name(m, i)): {
            "formula": _str(_lib_.ck_model_cluster_formula(m, i)),
            "concentration_nM": _lib_.ck_model_cluster_concentration_nM(m, i)}
            for i in range(_lib_.ck_model_cluster_count(m))}

    @property
    def has_fit(self):
        return bool(_lib_.ck_model_has_fit(self._model()))

    def network(self):
        """Size of the reaction network: the keys of `clusterkin network --json`."""
        net, _ = self._network()
        return {"species": _lib_.ck_network_species_count(net),
                "monomers": _lib_.ck_network_monomer_count(net),
                "dimers": _lib_.ck_network_dimer_count(net),
                "reactions": _lib_.ck_network_reaction_count(net),
                "dimerization": _lib_.ck_network_reaction_count_of(net, _DIMERIZATION),
                "dissociation": _lib_.ck_network_reaction_count_of(net, _DISSOCIATION),
                "exchange": _lib_.ck_network_reaction_count_of(net, _EXCHANGE)}

    @property
    def species_labels(self):
        """Species in state order: monomers "[Ag13Au12]", dimers "[Ag25Au0][Ag0Au25]"."""
        net, _ = self._network()
        labels = []
        buf = ctypes.create_string_buffer(256)
        for i in range(_lib_.ck_network_species_count(net)):
            need = _lib_.ck_network_species_label(net, i, buf, len(buf))
            if need >= len(buf):  # snprintf-like: the length the whole label needs
                buf = ctypes.create_string_buffer(need + 1)
                _lib_.ck_network_species_label(net, i, buf, len(buf))
            labels.append(buf.value.decode("utf-8"))
        return labels

    @property
    def channel_labels(self):
        """Channel labels in the order of the CSV columns ("[Ag25Au0]1-", ...)."""
        _, ch = self._network()
        return [_str(_lib_.ck_channels_label(ch, c)) for c in range(_lib_.ck_channels_count(ch))]

    # ---- simulation ----------------------------------------------------------

    def initial_state(self, concentrations=None, species=None):
        """State at mixing in nM per species (species_labels order): the
        model's, with the clusters named in concentrations ({name: nM}) at
        those values (clusters not named keep the model's) and the species
        named in species ({label: nM}) set to those values."""
        model = self._model()
        net, _ = self._network()
        n = _lib_.ck_network_species_count(net)
        y0 = np.zeros(n)
        with context() as ctx:
            if concentrations:
                c = _cluster_vector(self.clusters, concentrations)
                ctx.check(_lib_.ck_model_initial_state_with(
                    ctx.ptr, model, net, c.ctypes.data_as(_lib.c_double_p),
                    y0.ctypes.data_as(_lib.c_double_p)))
            else:
                ctx.check(_lib_.ck_model_initial_state(
                    ctx.ptr, model, net, y0.ctypes.data_as(_lib.c_double_p)))
        if species:
            index = {label: i for i, label in enumerate(self.species_labels)}
            for label, value in species.items():
                if label not in index:
                    raise ArgumentError(f"no species {label!r} in this network (labels as in "
                                        f"species_labels, e.g. {next(iter(index))!r})")
                y0[index[label]] = float(value)
        return y0

    def simulate(self, concentrations=None, species=None, y0_nM=None):
        """Runs the model's simulate: settings; returns a Simulation, the
        same numbers `clusterkin simulate -o` writes.

        Without arguments the model's own state at mixing is used. Override it
        with concentrations={"Ag25": 100, "Au25": 60} (nM; clusters not named
        keep the model's), species={"[Ag25Au0][Ag0Au25]": 1.5} (nM at mixing
        for species by label) or a whole state y0_nM (one value per species,
        species_labels order)."""
        model = self._model()
        net, ch = self._network()
        if y0_nM is not None:
            if concentrations or species:
                raise ArgumentError("give y0_nM or concentrations/species, not both")
            y0 = np.ascontiguousarray(y0_nM, dtype=np.float64)
            n = _lib_.ck_network_species_count(net)
            if y0.shape != (n,):
                raise ArgumentError(f"y0_nM needs {n} values (one per species), "
                                    f"not shape {y0.shape}")
        elif concentrations or species:
            y0 = self.initial_state(concentrations, species)
        else:
            y0 = None
        y0_ptr = y0.ctypes.data_as(_lib.c_double_p) if y0 is not None else None
        with context() as ctx:
            options = _lib_.ck_solver_options_from_model(model)
            solver = ctx.check_ptr(_lib_.ck_solver_create(ctx.ptr, net, ctypes.byref(options)))
            try:
                series = _lib_.ck_simulate_series_from(ctx.ptr, model, solver, net, ch, y0_ptr)
                if not series:
                    raise error_from(ctx.ptr)
                try:
                    sim = _simulation(series.contents, self.channel_labels,
                                      _lib_.ck_solver_get_stats(solver),
                                      _str(_lib_.ck_solver_linear_solver_name(solver)))
                    sim.channel_ids = self._channel_ids(ctx, sim.labels)
                    return sim
                finally:
                    _lib_.ck_series_free(series)
            finally:
                _lib_.ck_solver_free(solver)

    def _channel_ids(self, ctx, labels):
        """ck_channel_id of every label, parsed by the library against this model."""
        ids = (_lib.ChannelId * len(labels))()
        for c, label in enumerate(labels):
            ctx.check(_lib_.ck_channel_label_parse(ctx.ptr, self._model(), label.encode("utf-8"),
                                                   ctypes.byref(ids[c])))
        return ids

    # ---- fit -------------------------------------------------------------------

    def fit(self, threads=0, grid_path=None, resume=False, progress=None):
        """Runs the model's fit: block (grid, refinement, intervals) as
        `clusterkin fit` does and returns result.json as a dict.

        threads: OpenMP threads (0: the OpenMP default); grid_path: grid CSV
        written as points finish (`--grid-out`); resume: keep the points
        already in it; progress: called as progress(done, total) from the
        fitting thread (exceptions in it are printed and ignored)."""
        model = self._model()
        if resume and grid_path is None:
            raise ArgumentError("resume needs grid_path")
        callback = _lib.FitProgress(lambda _user, done, total: progress(done, total)) \
            if progress is not None else _lib.FitProgress()
        options = _lib.FitOptions(int(threads),
                                  os.fsencode(grid_path) if grid_path is not None else None,
                                  1 if resume else 0, callback, None)
        generator = ("clusterkin " + _str(_lib_.ck_version())).encode("utf-8")
        with context() as ctx:
            fit = ctx.check_ptr(_lib_.ck_fit_create(ctx.ptr, model))
            try:
                result = ctx.check_ptr(_lib_.ck_fit_run(fit, ctx.ptr, ctypes.byref(options)))
                try:
                    status, data = _lib.write_to_bytes(
                        lambda stream: _lib_.ck_fit_result_write_json(ctx.ptr, fit, result,
                                                                      generator, stream))
                    ctx.check(status)
                finally:
                    _lib_.ck_fit_result_free(result)
            finally:
                _lib_.ck_fit_free(fit)
        return json.loads(data.decode("utf-8"))


def _cluster_vector(clusters, concentrations):
    """Model-order concentrations (nM) with the named clusters replaced."""
    names = list(clusters)
    unknown = [n for n in concentrations if n not in clusters]
    if unknown:
        raise ArgumentError(f"no cluster {unknown[0]!r} in this model (clusters: "
                            f"{', '.join(names)})")
    return np.array([float(concentrations.get(n, clusters[n]["concentration_nM"]))
                     for n in names], dtype=np.float64)


def _simulation(s, labels, stats, linear_solver):
    nt, nc = s.n_times, s.n_channels
    values = _array_copy(s.value, nt * nc).reshape(nt, nc)
    tmax_s = np.array([s.tmax[c].t_max_s for c in range(nc)], dtype=np.float64)
    at_edge = np.array([s.tmax[c].at_edge for c in range(nc)], dtype=np.int32)
    st = {name: getattr(stats, name) for name, _ in _lib.SolverStats._fields_}
    st["linear_solver"] = linear_solver
    return Simulation(_array_copy(s.time_s, nt), values, list(labels), tmax_s, at_edge,
                      _NORMALIZE.get(s.normalize, str(s.normalize)), st)
