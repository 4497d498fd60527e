#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Synthetic equilibrium distributions of Cu_x Ag_(7-x)(H) at several Ag7:Cu7
mixing ratios (MODEL.md section 5), written as fit-equilibrium's CSV.

Independent of clusterkin: Z(x) by brute force over the 2^7 labeled site
occupations of a tricapped tetrahedron (4 inner + 3 capping sites), P(x) ~
Z(x) lambda^x with lambda by bisection on the mean Cu count of the mixture,
then multiplicative noise (each value times exp(N(0, 0.02^2)), about 2 %,
fixed seed): positive like integrals of real peaks, and without the bias
that clipping additive noise at 0 would give the small tails.

  /usr/bin/python3 examples/make-cuag7-equilibrium.py > examples/cuag7-equilibrium.csv
  /usr/bin/python3 examples/make-cuag7-equilibrium.py --inner-cu 0 --seed 3   # binomial data
"""
import argparse
import itertools
import math

import numpy as np

R = 8.314462618  # J/(mol K)
INNER, CAPPING = 4, 3


def weights(inner_cu_J, temperature_K):
    """Z(x) for x = 0..7 Cu atoms: a Cu atom in an inner site costs inner_cu_J."""
    z = [0.0] * 8
    for sites in itertools.product((0, 1), repeat=INNER + CAPPING):  # 1 = Cu
        energy = inner_cu_J * sum(sites[:INNER])
        z[sum(sites)] += math.exp(-energy / (R * temperature_K))
    return z


def distribution(z, mean_cu):
    lo, hi = -50.0, 50.0
    for _ in range(200):
        u = 0.5 * (lo + hi)
        p = [zx * math.exp(u * x) for x, zx in enumerate(z)]
        m = sum(x * px for x, px in enumerate(p)) / sum(p)
        lo, hi = (u, hi) if m < mean_cu else (lo, u)
    s = sum(p)
    return [px / s for px in p]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inner-cu", type=float, default=4000.0, help="J/mol (default 4000)")
    ap.add_argument("--temperature", type=float, default=298.0, help="K (default 298)")
    ap.add_argument("--noise", type=float, default=0.02, help="relative sd (default 0.02)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    z = weights(a.inner_cu, a.temperature)
    print(f"# made by examples/make-cuag7-equilibrium.py --inner-cu {a.inner_cu:g} "
          f"--temperature {a.temperature:g} --noise {a.noise:g} --seed {a.seed}")
    print("ratio,composition,percent")
    for ag, cu in ((1, 6), (1, 3), (1, 1), (3, 1), (6, 1)):
        p = distribution(z, 7.0 * cu / (ag + cu))
        for x in range(8):
            value = 100.0 * p[x] * math.exp(rng.normal(0.0, a.noise))
            print(f"{ag}:{cu},[Ag{7 - x}Cu{x}],{value:.3f}")


if __name__ == "__main__":
    main()
