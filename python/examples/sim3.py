# SPDX-License-Identifier: MIT
# %% [markdown]
# # Simulation 3 of Neumaier et al. (J. Am. Chem. Soc. 2021) from Python
#
# [Ag25(SR)18]- + [Au25(SR)18]-, 40 nM each, statistical exchange, dimerization
# scaled by the gold fraction (MODEL.md section 2). Run it as a script
# (`/usr/bin/python3 python/examples/sim3.py`) or cell by cell ("# %%") in an
# editor that understands the percent format. The package is found beside
# this directory; libclusterkin.so in build/ (`make build`) or $CLUSTERKIN_LIB.

# %%
import os
import re
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # python/, where the clusterkin package lives
import clusterkin as ck  # noqa: E402

MODEL = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples", "ag25-au25-sim3.yaml")

# %% [markdown]
# ## The model and its reaction network

# %%
model = ck.Model.load(MODEL)
print(model.name)
for name, c in model.clusters.items():
    print(f"  {name:5s} {c['formula']:20s} {c['concentration_nM']:g} nM")
print(model.network())  # the same keys as `clusterkin network --json`

# %% [markdown]
# ## Simulate: every mass-spectrometry channel over experimental time

# %%
sim = model.simulate()
print(f"{sim.values.shape[0]} times from {sim.time_s[0]:g} to {sim.time_s[-1]:g} s, "
      f"{sim.values.shape[1]} channels ({sim.normalize}); "
      f"{sim.stats['steps']} CVODE steps with the {sim.stats['linear_solver']} solver")

# Rows are fractions of the total ion signal: they sum to 1.
print("largest deviation of a row sum from 1:", float(np.max(np.abs(sim.values.sum(axis=1) - 1))))

# %% [markdown]
# ## t_max of a few channels
#
# at_edge 1: the maximum sits on the first or last output (still rising at
# the end, or falling from the start); -1: the channel never forms.

# %%
for label in ["[Ag25Au0]1-", "[Ag24Au1]1-", "[Ag20Au5]1-", "[Ag13Au12]1-", "[Ag50Au0]2-"]:
    t, edge = sim.tmax(label)
    note = {0: "", 1: "  (on the edge of the window)", -1: "  (never formed)"}[edge]
    print(f"  {label:14s} t_max = {t:8.1f} s{note}")

# %% [markdown]
# ## Another mixing ratio: the same model with 100 nM Ag25 and 60 nM Au25

# %%
sim2 = model.simulate(concentrations={"Ag25": 100, "Au25": 60})
for label in ["[Ag24Au1]1-", "[Ag20Au5]1-"]:
    print(f"  {label:14s} t_max {sim.tmax(label)[0]:7.1f} s at 40:40 nM, "
          f"{sim2.tmax(label)[0]:7.1f} s at 100:60 nM")

# %% [markdown]
# ## Isotope pattern of a channel
#
# A monomer channel's ion is its metals plus the ligand shell of the model's
# clusters (here (C8H9S)18 and charge 1-, the same for both clusters).

# %%
def channel_formula(model, label):
    """"[Ag13Au12]1-" -> "[Ag13Au12(C8H9S)18]-" for a monomer channel."""
    metals = re.fullmatch(r"\[([A-Za-z0-9]+)\]\d*[-+]", label).group(1)
    cluster = next(iter(model.clusters.values()))["formula"]  # "[Ag25(C8H9S)18]-"
    shell = re.sub(r"^\[(?:[A-Z][a-z]?\d*)*?(?=\()", "", cluster)  # "(C8H9S)18]-"
    return "[" + metals + shell


formula = channel_formula(model, "[Ag13Au12]1-")
masses = ck.mass(formula)
print(formula, {k: round(v, 4) for k, v in masses.items()})

pattern = ck.isotope_pattern(formula, coverage=0.999, nominal=True)
top = np.argsort(pattern.probability)[::-1][:5]
print(f"{pattern.mz.size} isotope peaks cover {pattern.probability.sum():.4f}; the largest:")
for i in sorted(top):
    print(f"  m/z {pattern.mz[i]:.4f}  {pattern.probability[i]:.4f}")

# A profile at resolving power 25000: Gaussian peaks of FWHM = m/z / R.
grid = np.linspace(pattern.mz[0] - 2, pattern.mz[-1] + 2, 4000)
profile = ck.isotope_profile(formula, grid, resolving_power=25000)
print(f"profile maximum at m/z {grid[np.argmax(profile)]:.3f}; "
      f"area {np.sum(profile) * (grid[1] - grid[0]):.4f} (the covered probability)")

# %%
model.close()
