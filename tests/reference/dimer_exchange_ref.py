#!/usr/bin/python3
"""Independent reference implementation of the binary dimer-exchange model.

Written from MODEL.md sections 2 and 8 only (not from the C sources), as a
cross-check of `clusterkin simulate`.  Self-contained: Python 3 + numpy +
scipy + PyYAML (Debian python3-numpy, python3-scipy, python3-yaml).

Usage: dimer_exchange_ref.py MODEL.yaml OUT.csv

Model (MODEL.md section 2), binary metals [A, B] = mechanism.exchange:
  monomers  M_m, m = number of A atoms, m = 0..N           (N+1 species)
  dimers    D{m,n}, unordered, m >= n                       ((N+1)(N+2)/2)
  dimerization  M_m + M_n -> D{m,n}   k_dim f(m,n)
                hetero: v = k [M_m][M_n];  homo (m = n): v = (k/2)[M_m]^2,
                two monomers consumed per dimer formed
  dissociation  D{m,n} -> M_m + M_n   k_diss  (homo: gives 2 M_m)
  exchange      D{m,n} -> D{m-1,n+1}, D{m+1,n-1} (as unordered isomers)
                statistical: k_ex * P, P = (a/N)((N-b)/N) for an A leaving a
                subunit with a A atoms for one with b A atoms, summed over the
                labeled ways giving the same product isomer; transfers that map
                an isomer onto itself are no reaction.
                constant: k_ex for every directed exchange reaction.
  f = 1 ("none") or fraction of the named metal in the two reactants.
Output (section 8): channel CSV, time = experimental time (model time minus
dead time), 26 monomer + 51 dimer channels, normalised per row to their sum
(normalize: total-ion) or raw nM (normalize: none).

Prints the species/reaction counts to stderr.
"""

import re
import sys

import numpy as np
import scipy.sparse as sp
from scipy.integrate import solve_ivp

RTOL = 1e-10
ATOL = 1e-14


def die(msg):
    sys.stderr.write("dimer_exchange_ref: %s\n" % msg)
    sys.exit(2)


# ---------------------------------------------------------------- YAML input

def load_yaml(path):
    with open(path) as fh:
        text = fh.read()
    import yaml  # Debian python3-yaml, installed by scripts/install-deps.sh
    return yaml.safe_load(text)


# --------------------------------------------------------------------- units

CONC = {"nM": 1.0, "pM": 1e-3, "uM": 1e3, "µM": 1e3, "mM": 1e6, "M": 1e9,
        "nmol/L": 1.0}
TIME = {"s": 1.0, "ms": 1e-3, "min": 60.0, "h": 3600.0}


def _num_unit(v, what):
    if isinstance(v, (int, float)):
        return float(v), ""
    m = re.fullmatch(r"\s*([-+0-9.eE]+)\s*(.*?)\s*", str(v))
    if not m:
        die("cannot read %s %r" % (what, v))
    return float(m.group(1)), m.group(2)


def conc(v):
    x, u = _num_unit(v, "concentration")
    if u == "":
        return x
    if u not in CONC:
        die("unknown concentration unit %r" % u)
    return x * CONC[u]


def time_s(v):
    x, u = _num_unit(v, "time")
    if u == "":
        return x
    if u not in TIME:
        die("unknown time unit %r" % u)
    return x * TIME[u]


def rate(v, order):
    """order 1: -> 1/s; order 2: -> 1/(nM s).  Units like '/s', '/nM/s',
    '/min', '/uM/s', 'L/nmol/s', '1/s' (a small subset)."""
    x, u = _num_unit(v, "rate constant")
    if u == "":
        return x
    u = u.replace(" ", "")
    u = u.replace("L/nmol", "/nM").replace("1/", "/")
    m = re.fullmatch(r"((?:/[A-Za-zµ]+)+)", u)
    if not m:
        die("unknown rate unit %r" % u)
    parts = [p for p in m.group(1).split("/") if p]
    factor = 1.0
    n_conc = 0
    for p in parts:
        if p in TIME:
            factor /= TIME[p]
        elif p in CONC:
            factor /= CONC[p]
            n_conc += 1
        else:
            die("unknown unit %r in rate %r" % (p, v))
    if n_conc != order - 1:
        die("rate %r has the wrong order" % (v,))
    return x * factor


# ------------------------------------------------------------------- formula

def metal_counts(formula, metals):
    """Counts of the given metals in the metal core of e.g. '[Ag25(C8H9S)18]-'
    (elements outside parentheses)."""
    core = formula.strip()
    core = core.lstrip("[")
    core = re.sub(r"\][^\]]*$", "", core)
    # drop parenthesised ligand groups with their multipliers, innermost first
    flat, prev = core, None
    while flat != prev:
        prev, flat = flat, re.sub(r"\([^()]*\)\d*", "", flat)
    counts = {}
    for el, n in re.findall(r"([A-Z][a-z]?)(\d*)", flat):
        counts[el] = counts.get(el, 0) + (int(n) if n else 1)
    return {m: counts.get(m, 0) for m in metals}


# ------------------------------------------------------------------- network

class Network:
    def __init__(self, N, k_dim, k_diss, k_ex, prob, scaling_metal_idx):
        self.N = N
        self.nmono = N + 1
        # dimer index of {m, n}, m >= n
        self.didx = {}
        self.dlist = []
        for m in range(N + 1):
            for n in range(m + 1):
                self.didx[(m, n)] = self.nmono + len(self.dlist)
                self.dlist.append((m, n))
        self.nspec = self.nmono + len(self.dlist)

        # reactions: (k, r1, r2 or -1, {species: stoich change}); homo
        # dimerization has r1 == r2 and v = k x^2 with k already halved.
        rx = []
        counts = {"dimerization": 0, "dissociation": 0, "exchange": 0}
        Nf = float(N)
        for (m, n) in self.dlist:
            d = self.didx[(m, n)]
            if scaling_metal_idx is None:
                f = 1.0
            elif scaling_metal_idx == 0:      # first metal: m, n are its counts
                f = (m + n) / (2.0 * Nf)
            else:                             # second metal
                f = ((N - m) + (N - n)) / (2.0 * Nf)
            if m != n:
                rx.append((k_dim * f, m, n, {m: -1, n: -1, d: +1}))
            else:
                rx.append((0.5 * k_dim * f, m, m, {m: -2, d: +1}))
            counts["dimerization"] += 1
            if m != n:
                rx.append((k_diss, d, -1, {d: -1, m: +1, n: +1}))
            else:
                rx.append((k_diss, d, -1, {d: -1, m: +2}))
            counts["dissociation"] += 1
        # exchange: labeled representative (a, b) = (m, n) of D{m,n}.
        for (m, n) in self.dlist:
            d = self.didx[(m, n)]
            prods = {}
            # subunit 1 (a=m A atoms) gives an A to subunit 2 (b=n A atoms)
            # and gets a B back; and the converse.
            for (a, b, a2, b2) in ((m, n, m - 1, n + 1), (n, m, n - 1, m + 1)):
                if a < 1 or b > N - 1:
                    continue      # no A to give or no B to send back
                P = (a / Nf) * ((N - b) / Nf)
                # product labeled (a2 on the giving subunit, b2 on the other)
                key = (max(a2, b2), min(a2, b2))
                if key == (m, n):
                    continue      # maps the isomer onto itself: no reaction
                prods.setdefault(key, []).append(P)
            for key, Ps in prods.items():
                if prob == "statistical":
                    k = k_ex * sum(Ps)
                elif prob == "constant":
                    k = k_ex
                else:
                    die("unknown exchange-probability %r" % prob)
                p = self.didx[key]
                rx.append((k, d, -1, {d: -1, p: +1}))
                counts["exchange"] += 1
        self.counts = counts
        self.nrx = len(rx)

        self.k = np.array([r[0] for r in rx])
        self.r1 = np.array([r[1] for r in rx], dtype=np.int64)
        self.r2 = np.array([r[2] for r in rx], dtype=np.int64)
        self.bi = self.r2 >= 0
        rows, cols, vals = [], [], []
        for j, r in enumerate(rx):
            for s, c in r[3].items():
                rows.append(s)
                cols.append(j)
                vals.append(float(c))
        self.S = sp.csr_matrix((vals, (rows, cols)), shape=(self.nspec, self.nrx))
        self._r2safe = np.where(self.bi, self.r2, 0)

        # Jacobian pattern: dv_j/dx_r1 and dv_j/dx_r2
        jr = np.concatenate([np.arange(self.nrx), np.arange(self.nrx)[self.bi]])
        jc = np.concatenate([self.r1, self.r2[self.bi]])
        self._jr, self._jc = jr, jc

    def rates(self, x):
        x2 = np.where(self.bi, x[self._r2safe], 1.0)
        return self.k * x[self.r1] * x2

    def rhs(self, t, x):
        return self.S @ self.rates(x)

    def jac(self, t, x):
        bi = self.bi
        # d v / d x_r1 = k * x_r2 (or k for unimolecular); d v / d x_r2 = k * x_r1.
        # For homo dimerization r1 == r2 and the two entries add to 2 k x.
        d1 = self.k * np.where(bi, x[self._r2safe], 1.0)
        d2 = (self.k * x[self.r1])[bi]
        dv = sp.csr_matrix((np.concatenate([d1, d2]), (self._jr, self._jc)),
                           shape=(self.nrx, self.nspec))
        return (self.S @ dv).toarray()


# ---------------------------------------------------------------------- main

def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: dimer_exchange_ref.py MODEL.yaml OUT.csv\n")
        return 2
    model = load_yaml(argv[1])
    mech = model["mechanism"]
    if mech.get("kind", "dimer-exchange") != "dimer-exchange":
        die("only kind: dimer-exchange is implemented")
    metals = list(mech["exchange"])
    if len(metals) != 2:
        die("only binary exchange is implemented")
    A, B = metals

    clusters = model["clusters"]
    Ns = set()
    mono_init = {}
    for name, c in clusters.items():
        cnt = metal_counts(c["formula"], metals)
        Ns.add(cnt[A] + cnt[B])
        mono_init[cnt[A]] = mono_init.get(cnt[A], 0.0) + conc(c.get("concentration", 0))
    if len(Ns) != 1:
        die("clusters of different nuclearity: %s" % sorted(Ns))
    N = Ns.pop()

    scal = mech.get("dimerization-scaling", "none")
    if scal in (None, "none"):
        sidx = None
    elif isinstance(scal, dict) and "metal-fraction" in scal:
        sidx = metals.index(scal["metal-fraction"])
    else:
        die("unknown dimerization-scaling %r" % (scal,))
    rates = mech["rates"]
    net = Network(N, rate(rates["dimerization"], 2), rate(rates["dissociation"], 1),
                  rate(rates["exchange"], 1), mech.get("exchange-probability", "statistical"),
                  sidx)
    sys.stderr.write("species %d (monomers %d, dimers %d), reactions %d "
                     "(dimerization %d, dissociation %d, exchange %d)\n"
                     % (net.nspec, net.nmono, len(net.dlist), net.nrx,
                        net.counts["dimerization"], net.counts["dissociation"],
                        net.counts["exchange"]))

    x0 = np.zeros(net.nspec)
    for m, c in mono_init.items():
        x0[m] += c
    for label, v in (model.get("initial") or {}).items():
        x0[species_index(net, label, metals)] += conc(v)

    sim = model.get("simulate", {}) or {}
    dead = time_s(sim.get("dead-time", 0))
    end = time_s(sim["end"])
    step = time_s(sim["step"])
    nsteps = int(round(end / step))
    t_exp = np.array([k * step for k in range(nsteps + 1)])
    t_model = dead + t_exp

    sol = solve_ivp(net.rhs, (0.0, t_model[-1]), x0, method="BDF", jac=net.jac,
                    t_eval=t_model, rtol=RTOL, atol=ATOL)
    if not sol.success:
        sys.stderr.write("dimer_exchange_ref: integration failed: %s\n" % sol.message)
        return 1
    X = sol.y.T  # rows = output times

    # channels: monomers first-metal count N..0, dimers 2N..0 (each dimer once)
    mono = X[:, [N - i for i in range(N + 1)]]
    dim = np.zeros((X.shape[0], 2 * N + 1))
    for (m, n), idx in net.didx.items():
        dim[:, 2 * N - (m + n)] += X[:, idx]
    ch = np.hstack([mono, dim])
    norm = sim.get("normalize", "total-ion")
    if norm == "total-ion":
        ch = ch / ch.sum(axis=1, keepdims=True)
    elif norm != "none":
        die("unknown normalize %r" % norm)

    hdr = ["time_s"]
    hdr += ["[%s%d%s%d]1-" % (A, N - i, B, i) for i in range(N + 1)]
    hdr += ["[%s%d%s%d]2-" % (A, 2 * N - i, B, i) for i in range(2 * N + 1)]
    with open(argv[2], "w") as fh:
        fh.write(",".join(hdr) + "\n")
        for r in range(len(t_exp)):
            fh.write(",".join(["%.10g" % t_exp[r]] + ["%.10g" % v for v in ch[r]]) + "\n")
    return 0


def species_index(net, label, metals):
    """'[Ag25]' / '[Ag12Au13]' monomer, '[Au25]2' homodimer,
    '[Ag25][Au25]' heterodimer (composition of each subunit)."""
    A, B = metals
    subs = re.findall(r"\[([^\]]*)\](\d*)", label)
    if not subs:
        die("cannot read species %r" % label)
    comps = []
    for body, mult in subs:
        cnt = metal_counts("[" + body + "]", metals)
        if cnt[A] + cnt[B] != net.N:
            die("species %r: subunit is not of nuclearity %d" % (label, net.N))
        comps += [cnt[A]] * (int(mult) if mult else 1)
    if len(comps) == 1:
        return comps[0]
    if len(comps) == 2:
        return net.didx[(max(comps), min(comps))]
    die("cannot read species %r" % label)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
