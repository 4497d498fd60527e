#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent reading and simulation of clusterkin's SBML export (tests only).

Reads the file with libsbml and gives it the meaning the SBML Level 3 Version 2
specification gives it, knowing nothing of clusterkin's code: a species whose
hasOnlySubstanceUnits is false stands for its concentration in the kinetic
laws, and d[S]/dt = sum_r stoichiometry(S, r) * kineticLaw_r / size(compartment
of S). Each kinetic law is evaluated from its MathML tree; for fast
integration it must also be mass action (a product of names whose species
match the reactants with their stoichiometries), which is checked.

  sbml_reference.py check FILE...
      libsbml consistency checks, every category (units included): lists the
      warnings, exits 1 on any error.
  sbml_reference.py compare FILE SERIES.csv DEAD_TIME_S NORMALIZE TOL
      integrates FILE with scipy BDF (rtol 1e-10, atol 1e-14) and compares
      with a clusterkin channel CSV (NORMALIZE: total-ion or none) at every
      row: max |difference| over the channels <= TOL * the largest channel.

Needs /usr/bin/python3 with libsbml, numpy and scipy (Debian python3-sbml5,
python3-numpy, python3-scipy).
"""
import random
import re
import sys

import libsbml
import numpy as np
import scipy.sparse as sp
from scipy.integrate import solve_ivp


def read_document(path):
    doc = libsbml.readSBMLFromFile(path)
    errors = [doc.getError(i) for i in range(doc.getNumErrors())
              if doc.getError(i).getSeverity() >= libsbml.LIBSBML_SEV_ERROR]
    if errors or doc.getModel() is None:
        raise SystemExit("FAIL %s: not readable SBML: %s" % (
            path, "; ".join(e.getMessage().strip() for e in errors[:3])))
    return doc


def consistency(path):
    """(errors, warnings) of libsbml's checkConsistency, as message lines."""
    doc = read_document(path)
    doc.checkConsistency()
    errors, warnings = [], []
    for i in range(doc.getNumErrors()):
        e = doc.getError(i)
        line = "%s %d line %d: %s" % (e.getSeverityAsString(), e.getErrorId(), e.getLine(),
                                      " ".join(e.getMessage().split()))
        (errors if e.getSeverity() >= libsbml.LIBSBML_SEV_ERROR else warnings).append(line)
    return errors, warnings


# -- MathML evaluation -----------------------------------------------------

def evaluate(node, values):
    """Value of a kinetic-law tree; names are looked up in values."""
    t = node.getType()
    kids = [evaluate(node.getChild(i), values) for i in range(node.getNumChildren())]
    if t == libsbml.AST_NAME:
        return values[node.getName()]
    if node.isNumber():
        return node.getValue()
    if t == libsbml.AST_TIMES:
        return float(np.prod(kids)) if kids else 1.0
    if t == libsbml.AST_PLUS:
        return float(sum(kids))
    if t == libsbml.AST_MINUS:
        return -kids[0] if len(kids) == 1 else kids[0] - kids[1]
    if t == libsbml.AST_DIVIDE:
        return kids[0] / kids[1]
    if t in (libsbml.AST_POWER, libsbml.AST_FUNCTION_POWER):
        return kids[0] ** kids[1]
    raise ValueError("unsupported MathML node %s" % libsbml.formulaToL3String(node))


def product_names(node):
    """Names multiplied together in a tree made of times and names only, else None."""
    if node.getType() == libsbml.AST_NAME:
        return [node.getName()]
    if node.getType() != libsbml.AST_TIMES:
        return None
    names = []
    for i in range(node.getNumChildren()):
        sub = product_names(node.getChild(i))
        if sub is None:
            return None
        names += sub
    return names


# -- The network in the file -----------------------------------------------

class Network:
    """Species, initial concentrations and mass-action reactions of an SBML file."""

    def __init__(self, path):
        self.doc = read_document(path)
        m = self.model = self.doc.getModel()
        self.size = {c.getId(): c.getSize() for c in m.getListOfCompartments()}
        self.species = [s.getId() for s in m.getListOfSpecies()]
        self.index = {sid: i for i, sid in enumerate(self.species)}
        self.name = {s.getId(): s.getName() for s in m.getListOfSpecies()}
        self.volume = np.array([self.size[s.getCompartment()] for s in m.getListOfSpecies()])
        self.y0 = np.array([self.initial_concentration(s) for s in m.getListOfSpecies()])
        self.globals = {p.getId(): p.getValue() for p in m.getListOfParameters()}
        self.reactions = [self.read_reaction(r) for r in m.getListOfReactions()]

    def initial_concentration(self, s):
        if s.getHasOnlySubstanceUnits() or s.getBoundaryCondition() or s.getConstant():
            raise SystemExit("FAIL: species %s is not a plain dynamic concentration" % s.getId())
        if s.isSetInitialConcentration():
            return s.getInitialConcentration()
        return s.getInitialAmount() / self.size[s.getCompartment()]

    def read_reaction(self, r):
        def side(refs):
            out = {}
            for ref in refs:
                out[ref.getSpecies()] = out.get(ref.getSpecies(), 0.0) + ref.getStoichiometry()
            return out

        if r.getReversible():
            raise SystemExit("FAIL: reaction %s is reversible" % r.getId())
        law = r.getKineticLaw()
        values = dict(self.size)
        values.update(self.globals)
        values.update({p.getId(): p.getValue() for p in law.getListOfLocalParameters()})
        names = product_names(law.getMath())
        if names is None:
            raise SystemExit("FAIL: reaction %s: kinetic law %s is not a product" % (
                r.getId(), libsbml.formulaToL3String(law.getMath())))
        order = [n for n in names if n in self.index]
        k = float(np.prod([values[n] for n in names if n not in self.index]))
        reactants = side(r.getListOfReactants())
        counted = {sid: float(order.count(sid)) for sid in set(order)}
        if counted != reactants:
            raise SystemExit("FAIL: reaction %s: rate law species %s are not its reactants %s "
                             "(not mass action)" % (r.getId(), counted, reactants))
        return {"id": r.getId(), "name": r.getName(), "k": k, "order": order,
                "reactants": reactants, "products": side(r.getListOfProducts()),
                "math": law.getMath(), "values": values}

    def check_rate_laws(self, trials=3):
        """The mass-action reading agrees with a plain evaluation of every law."""
        rng = random.Random(7)
        for _ in range(trials):
            conc = {sid: rng.uniform(0.1, 50.0) for sid in self.species}
            for r in self.reactions:
                values = dict(r["values"])
                values.update(conc)
                direct = evaluate(r["math"], values)
                mass_action = r["k"] * float(np.prod([conc[s] for s in r["order"]]))
                if abs(direct - mass_action) > 1e-12 * max(abs(direct), 1e-300):
                    raise SystemExit("FAIL: reaction %s: law gives %r, mass action %r" % (
                        r["id"], direct, mass_action))

    def ode(self):
        """Right-hand side and sparse Jacobian of the concentration ODEs."""
        n, nr = len(self.species), len(self.reactions)
        first = np.full(nr, n)   # index n is a constant 1 for missing reactants
        second = np.full(nr, n)
        k = np.zeros(nr)
        rows, cols, vals = [], [], []
        for j, r in enumerate(self.reactions):
            k[j] = r["k"]
            idx = [self.index[s] for s in r["order"]]
            if len(idx) > 2:
                raise SystemExit("FAIL: reaction %s has order %d" % (r["id"], len(idx)))
            first[j], second[j] = (idx + [n, n])[:2]
            for s, c in r["reactants"].items():
                rows.append(self.index[s]), cols.append(j), vals.append(-c)
            for s, c in r["products"].items():
                rows.append(self.index[s]), cols.append(j), vals.append(c)
        stoich = sp.csr_matrix((vals, (rows, cols)), shape=(n, nr))
        scaled = sp.diags(1.0 / self.volume) @ stoich   # amounts/time -> concentration/time
        has_first, has_second = first < n, second < n

        def rhs(_t, y):
            ye = np.append(y, 1.0)
            return scaled @ (k * ye[first] * ye[second])

        def jac(_t, y):
            ye = np.append(y, 1.0)
            j = np.arange(nr)
            d1 = sp.csr_matrix(((k * ye[second])[has_first], (j[has_first], first[has_first])),
                               shape=(nr, n))
            d2 = sp.csr_matrix(((k * ye[first])[has_second], (j[has_second], second[has_second])),
                               shape=(nr, n))
            return scaled @ (d1 + d2)   # duplicates (homodimers) add up: d(k y^2)/dy = 2 k y

        return rhs, jac


# -- Channels ---------------------------------------------------------------

def composition(text):
    """{'Ag': 13, 'Au': 12} from 'Ag13Au12' (element symbol, count)."""
    return {el: int(c) for el, c in re.findall(r"([A-Z][a-z]?)(\d+)", text)}


def channel_key(counts):
    return tuple(sorted(counts.items()))


def species_channel(label):
    """Channel key of a species label: '[Ag13Au12]' or '[Ag25Au0][Ag0Au25]'."""
    total = {}
    for sub in re.findall(r"\[([^\]]*)\]", label):
        for el, c in composition(sub).items():
            total[el] = total.get(el, 0) + c
    return channel_key(total)


def read_csv(path):
    with open(path) as fh:
        lines = [l for l in fh.read().splitlines() if l]
    header = lines[0].split(",")
    data = np.array([[float(v) for v in l.split(",")] for l in lines[1:]])
    return header, data


def compare(sbml_path, csv_path, dead_time_s, normalize, tol):
    net = Network(sbml_path)
    net.check_rate_laws()
    header, data = read_csv(csv_path)
    columns = {}
    for c, label in enumerate(header[1:]):
        columns[channel_key(composition(label))] = c  # "[Ag25Au0]1-": the charge has no symbol
    lump = np.zeros((len(columns), len(net.species)))
    for i, sid in enumerate(net.species):
        key = species_channel(net.name[sid])
        if key not in columns:
            raise SystemExit("FAIL: species %s (%s) has no column in %s" % (
                sid, net.name[sid], csv_path))
        lump[columns[key], i] = 1.0
    if not (lump.sum(axis=1) > 0).all():
        raise SystemExit("FAIL: %s has channels no SBML species contributes to" % csv_path)
    t_model = data[:, 0] + dead_time_s
    rhs, jac = net.ode()
    sol = solve_ivp(rhs, (0.0, t_model[-1]), net.y0, method="BDF", t_eval=t_model,
                    jac=jac, rtol=1e-10, atol=1e-14)
    if not sol.success:
        raise SystemExit("FAIL: scipy could not integrate %s: %s" % (sbml_path, sol.message))
    channels = (lump @ sol.y).T
    if normalize == "total-ion":
        channels = channels / channels.sum(axis=1, keepdims=True)
    elif normalize != "none":
        raise SystemExit("unknown normalize %r" % normalize)
    ck = data[:, 1:]
    scale = np.abs(ck).max(axis=1)
    err = np.abs(channels - ck).max(axis=1) / scale
    row = int(np.argmax(err))
    col = int(np.argmax(np.abs(channels[row] - ck[row])))
    where = "at time_s=%g channel %s (clusterkin %.10g, SBML %.10g)" % (
        data[row, 0], header[1 + col], ck[row, col], channels[row, col])
    if not err.max() <= tol:
        print("FAIL %s vs %s: max |difference| / largest channel = %.3g > %g %s" % (
            sbml_path, csv_path, err.max(), tol, where))
        return 1
    print("ok   %s (%s, %d rows): max |difference| / largest channel = %.3g (tol %g) %s" % (
        csv_path.rsplit("/", 1)[-1], normalize, len(data), err.max(), tol, where))
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "check":
        status = 0
        for path in argv[1:]:
            errors, warnings = consistency(path)
            for line in errors + warnings:
                print("  %s: %s" % (path, line))
            print("%s %s: %d errors, %d warnings" % ("FAIL" if errors else "ok  ", path,
                                                     len(errors), len(warnings)))
            status |= bool(errors)
        return status
    if len(argv) == 6 and argv[0] == "compare":
        return compare(argv[1], argv[2], float(argv[3]), argv[4], float(argv[5]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
