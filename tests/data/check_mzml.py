#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Independent structural check and decode of an mzML file written by clusterkin
(tests/unit/test_mzml.c): xml.etree, base64, zlib and struct only, no network.

Checks the mzML 1.1 element order of a minimal file, cvRefs against the cvList,
counts against their lists, index attributes, encodedLength and every array's
length; prints one line per spectrum: time_s n_points sum(m/z) sum(intensity).
Exit status 1 with a message on the first violation."""
import base64
import math
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

NS = "{http://psi.hupo.org/ms/mzml}"
ORDER = ["cvList", "fileDescription", "softwareList", "instrumentConfigurationList",
         "dataProcessingList", "run"]


def fail(msg):
    sys.exit("check_mzml: " + msg)


def params(el):
    return {p.get("accession"): p for p in el.findall(NS + "cvParam")}


def check_counts(root):
    for lst in root.iter():
        if lst.tag.endswith("List") and lst.get("count") is not None:
            if int(lst.get("count")) != len(list(c for c in lst if not c.tag.endswith("cvParam"))):
                fail("%s count %s differs from its children" % (lst.tag, lst.get("count")))


def decode(bda, n):
    p = params(bda)
    width, fmt = (8, "d") if "MS:1000523" in p else (4, "f") if "MS:1000521" in p else fail("precision")
    text = bda.find(NS + "binary").text or ""
    if int(bda.get("encodedLength")) != len(text):
        fail("encodedLength %s but %d characters" % (bda.get("encodedLength"), len(text)))
    raw = base64.b64decode(text, validate=True)
    if "MS:1000574" in p:
        raw = zlib.decompress(raw)
    elif "MS:1000576" not in p:
        fail("no compression term")
    if len(raw) != n * width:
        fail("array of %d bytes for %d values" % (len(raw), n))
    kind = "mz" if "MS:1000514" in p else "int" if "MS:1000515" in p else fail("array type")
    return kind, struct.unpack("<%d%s" % (n, fmt), raw)


def main():
    root = ET.parse(sys.argv[1]).getroot()
    if root.tag != NS + "mzML" or root.get("version") != "1.1.0":
        fail("root is %s" % root.tag)
    tags = [c.tag[len(NS):] for c in root]
    if tags != ORDER:
        fail("top-level elements %s" % tags)
    cvs = {cv.get("id") for cv in root.find(NS + "cvList")}
    for p in root.iter(NS + "cvParam"):
        if p.get("cvRef") not in cvs or not p.get("accession").startswith(p.get("cvRef") + ":"):
            fail("cvParam %s with cvRef %s" % (p.get("accession"), p.get("cvRef")))
        if p.get("name") in (None, "", "(null)"):
            fail("cvParam %s without a name" % p.get("accession"))
    check_counts(root)
    sl = root.find(NS + "run/" + NS + "spectrumList")
    for i, sp in enumerate(sl):
        if int(sp.get("index")) != i:
            fail("spectrum index %s at position %d" % (sp.get("index"), i))
        p = params(sp)
        if p["MS:1000511"].get("value") != "1" or ("MS:1000127" in p) == ("MS:1000128" in p):
            fail("spectrum %d: ms level or spectrum representation" % i)
        n = int(sp.get("defaultArrayLength"))
        arrays = dict(decode(b, n) for b in sp.find(NS + "binaryDataArrayList"))
        t = params(sp.find(NS + "scanList/" + NS + "scan")).get("MS:1000016")
        if t is not None and t.get("unitAccession") != "UO:0000010":
            fail("scan start time not in seconds")
        mz = arrays["mz"]
        if any(b <= a for a, b in zip(mz, mz[1:])):
            fail("spectrum %d: m/z not ascending" % i)
        print("%.17g %d %.17g %.17g" % (float(t.get("value")) if t is not None else math.nan, n,
                                        math.fsum(mz), math.fsum(arrays["int"])))


main()
