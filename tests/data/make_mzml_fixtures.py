#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Writes the mzML fixtures of tests/unit/test_mzml.c with Python's own base64,
zlib and struct, so the reader is tested against an encoder that is not ours.

    /usr/bin/python3 tests/data/make_mzml_fixtures.py tests/data

mzml-minutes.mzML: a small plain mzML, two MS1 scans, times in minutes,
64-bit uncompressed arrays, short enough to read by eye.

mzml-instrument.mzML: shaped like a converter's export of an instrument run
(msconvert-style indexedmzML with index and SHA-1 checksum, sourceFile,
referenceableParamGroups for the spectrum type and the m/z array, a component
list, an MS2 scan with a precursor, a charge array, a chromatogram). Spectra:
  index 0: MS1 profile, 0.5 min, 40 points, m/z 64-bit zlib, intensity 32-bit zlib
  index 1: MS2 centroid (skipped by the reader)
  index 2: MS1 profile, 1.25 min, 30 points in DESCENDING m/z, both 64-bit
           uncompressed, plus a charge array (ignored)
  index 3: MS1 centroid, 2 min, 5 points, 32-bit zlib both
Point k of a scan with first m/z m0: m/z = m0 + 0.125 k, intensity = 100 (k % 7) + k
(all exact in 32-bit floats). The test recomputes these values.
"""
import base64
import hashlib
import struct
import sys
import zlib


def points(m0, n):
    return [m0 + 0.125 * k for k in range(n)], [100.0 * (k % 7) + k for k in range(n)]


def enc(values, bits, compress):
    raw = struct.pack("<%d%s" % (len(values), "d" if bits == 64 else "f"), *values)
    if compress:
        raw = zlib.compress(raw)
    return base64.b64encode(raw).decode("ascii")


def cv(acc, name, value="", unit=None, ref="MS"):
    s = '<cvParam cvRef="%s" accession="%s" name="%s" value="%s"' % (ref, acc, name, value)
    if unit:
        s += ' unitCvRef="%s" unitAccession="%s" unitName="%s"' % (unit[0][:2], unit[0], unit[1])
    return s + "/>"


PREC = {64: ("MS:1000523", "64-bit float"), 32: ("MS:1000521", "32-bit float")}
COMP = {True: ("MS:1000574", "zlib compression"), False: ("MS:1000576", "no compression")}


def array(kind, values, bits, compress, group=None, indent="            "):
    b = enc(values, bits, compress)
    lines = ['<binaryDataArray encodedLength="%d">' % len(b)]
    if group:
        lines.append('  <referenceableParamGroupRef ref="%s"/>' % group)
    else:
        lines.append("  " + cv(*PREC[bits]))
        lines.append("  " + cv(*COMP[compress]))
        lines.append("  " + kind)
    lines.append("  <binary>%s</binary>" % b)
    lines.append("</binaryDataArray>")
    return "\n".join(indent + l for l in lines)


MZ = cv("MS:1000514", "m/z array", unit=("MS:1000040", "m/z"))
INT = cv("MS:1000515", "intensity array", unit=("MS:1000131", "number of detector counts"))
CHARGE = cv("MS:1000516", "charge array")
TIME = cv("MS:1000595", "time array", unit=("UO:0000031", "minute"))


def minutes_file():
    mz0, in0 = points(5000.0, 3)
    mz1, in1 = points(5001.0, 4)
    spectra = []
    for i, (t, mz, it) in enumerate([(0.5, mz0, in0), (1.75, mz1, in1)]):
        spectra.append(
            """      <spectrum index="%d" id="scan=%d" defaultArrayLength="%d">
        %s
        %s
        <scanList count="1">
          %s
          <scan>
            %s
          </scan>
        </scanList>
        <binaryDataArrayList count="2">
%s
%s
        </binaryDataArrayList>
      </spectrum>"""
            % (i, i + 1, len(mz), cv("MS:1000511", "ms level", "1"),
               cv("MS:1000128", "profile spectrum"), cv("MS:1000795", "no combination"),
               cv("MS:1000016", "scan start time", repr(t), ("UO:0000031", "minute"), "MS"),
               array(MZ, mz, 64, False), array(INT, it, 64, False)))
    return """<?xml version="1.0" encoding="utf-8"?>
<mzML xmlns="http://psi.hupo.org/ms/mzml" version="1.1.0">
  <cvList count="2">
    <cv id="MS" fullName="PSI-MS" version="4.1.0" URI="psi-ms.obo"/>
    <cv id="UO" fullName="Unit Ontology" version="09:04:2014" URI="unit.obo"/>
  </cvList>
  <fileDescription><fileContent>%s</fileContent></fileDescription>
  <softwareList count="1"><software id="hand" version="1"/></softwareList>
  <instrumentConfigurationList count="1"><instrumentConfiguration id="IC"/></instrumentConfigurationList>
  <dataProcessingList count="1"><dataProcessing id="DP"/></dataProcessingList>
  <run id="r" defaultInstrumentConfigurationRef="IC">
    <spectrumList count="2" defaultDataProcessingRef="DP">
%s
    </spectrumList>
  </run>
</mzML>
""" % (cv("MS:1000579", "MS1 spectrum"), "\n".join(spectra))


def scan_block(minutes):
    return """        <scanList count="1">
          %s
          <scan instrumentConfigurationRef="IC1">
            %s
            %s
            <scanWindowList count="1">
              <scanWindow>
                %s
                %s
              </scanWindow>
            </scanWindowList>
          </scan>
        </scanList>""" % (
        cv("MS:1000795", "no combination"),
        cv("MS:1000016", "scan start time", repr(minutes), ("UO:0000031", "minute")),
        cv("MS:1000512", "filter string", "FTMS - p ESI Full ms [2000.00-8000.00]"),
        cv("MS:1000501", "scan window lower limit", "2000", ("MS:1000040", "m/z")),
        cv("MS:1000500", "scan window upper limit", "8000", ("MS:1000040", "m/z")))


def instrument_spectra():
    out = []
    mz, it = points(5000.0, 40)
    out.append("""      <spectrum index="0" id="controllerType=0 controllerNumber=1 scan=1" defaultArrayLength="40">
        <referenceableParamGroupRef ref="MS1Profile"/>
        %s
        %s
%s
        <binaryDataArrayList count="2">
%s
%s
        </binaryDataArrayList>
      </spectrum>""" % (cv("MS:1000130", "negative scan"), cv("MS:1000285", "total ion current", repr(sum(it))),
                        scan_block(0.5), array(MZ, mz, 64, True, group="MzArray64Zlib"),
                        array(INT, it, 32, True)))
    mz2, it2 = points(2600.0, 6)
    out.append("""      <spectrum index="1" id="controllerType=0 controllerNumber=1 scan=2" defaultArrayLength="6">
        %s
        %s
        %s
%s
        <precursorList count="1">
          <precursor spectrumRef="controllerType=0 controllerNumber=1 scan=1">
            <selectedIonList count="1">
              <selectedIon>
                %s
                %s
              </selectedIon>
            </selectedIonList>
            <activation>
              %s
            </activation>
          </precursor>
        </precursorList>
        <binaryDataArrayList count="2">
%s
%s
        </binaryDataArrayList>
      </spectrum>""" % (cv("MS:1000511", "ms level", "2"), cv("MS:1000580", "MSn spectrum"),
                        cv("MS:1000127", "centroid spectrum"), scan_block(0.75),
                        cv("MS:1000744", "selected ion m/z", "5167.0", ("MS:1000040", "m/z")),
                        cv("MS:1000041", "charge state", "1"),
                        cv("MS:1000133", "collision-induced dissociation"),
                        array(MZ, mz2, 64, True), array(INT, it2, 64, True)))
    mz, it = points(5100.0, 30)
    rev = lambda v: list(reversed(v))
    out.append("""      <spectrum index="2" id="controllerType=0 controllerNumber=1 scan=3" defaultArrayLength="30">
        <referenceableParamGroupRef ref="MS1Profile"/>
%s
        <binaryDataArrayList count="3">
%s
%s
%s
        </binaryDataArrayList>
      </spectrum>""" % (scan_block(1.25), array(MZ, rev(mz), 64, False), array(INT, rev(it), 64, False),
                        array(CHARGE, [1.0] * 30, 32, False)))
    mz, it = points(6200.0, 5)
    out.append("""      <spectrum index="3" id="controllerType=0 controllerNumber=1 scan=4" defaultArrayLength="5">
        %s
        %s
        %s
%s
        <binaryDataArrayList count="2">
%s
%s
        </binaryDataArrayList>
      </spectrum>""" % (cv("MS:1000511", "ms level", "1"), cv("MS:1000579", "MS1 spectrum"),
                        cv("MS:1000127", "centroid spectrum"), scan_block(2.0),
                        array(MZ, mz, 32, True), array(INT, it, 32, True)))
    return out


def instrument_file():
    head = """<?xml version="1.0" encoding="utf-8"?>
<indexedmzML xmlns="http://psi.hupo.org/ms/mzml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://psi.hupo.org/ms/mzml http://psidev.info/files/ms/mzML/xsd/mzML1.1.2_idx.xsd">
  <mzML xmlns="http://psi.hupo.org/ms/mzml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://psi.hupo.org/ms/mzml http://psidev.info/files/ms/mzML/xsd/mzML1.1.0.xsd" id="AgAu_exchange_01" version="1.1.0">
    <cvList count="2">
      <cv id="MS" fullName="Proteomics Standards Initiative Mass Spectrometry Ontology" version="4.1.30" URI="https://raw.githubusercontent.com/HUPO-PSI/psi-ms-CV/master/psi-ms.obo"/>
      <cv id="UO" fullName="Unit Ontology" version="09:04:2014" URI="https://raw.githubusercontent.com/bio-ontology-research-group/unit-ontology/master/unit.obo"/>
    </cvList>
    <fileDescription>
      <fileContent>
        %s
        %s
      </fileContent>
      <sourceFileList count="1">
        <sourceFile id="RAW1" name="AgAu_exchange_01.raw" location="file:///C:/data">
          %s
          %s
          %s
        </sourceFile>
      </sourceFileList>
    </fileDescription>
    <referenceableParamGroupList count="2">
      <referenceableParamGroup id="MS1Profile">
        %s
        %s
        %s
      </referenceableParamGroup>
      <referenceableParamGroup id="MzArray64Zlib">
        %s
        %s
        %s
      </referenceableParamGroup>
    </referenceableParamGroupList>
    <softwareList count="2">
      <software id="Xcalibur" version="4.1.31.9">
        %s
      </software>
      <software id="pwiz" version="3.0.21193">
        %s
      </software>
    </softwareList>
    <instrumentConfigurationList count="1">
      <instrumentConfiguration id="IC1">
        %s
        <componentList count="3">
          <source order="1">%s</source>
          <analyzer order="2">%s</analyzer>
          <detector order="3">%s</detector>
        </componentList>
        <softwareRef ref="Xcalibur"/>
      </instrumentConfiguration>
    </instrumentConfigurationList>
    <dataProcessingList count="1">
      <dataProcessing id="pwiz_Reader_Thermo_conversion">
        <processingMethod order="0" softwareRef="pwiz">
          %s
        </processingMethod>
      </dataProcessing>
    </dataProcessingList>
    <run id="AgAu_exchange_01" defaultInstrumentConfigurationRef="IC1" startTimeStamp="2024-05-02T10:11:12Z" defaultSourceFileRef="RAW1">
      <spectrumList count="4" defaultDataProcessingRef="pwiz_Reader_Thermo_conversion">
""" % (cv("MS:1000579", "MS1 spectrum"), cv("MS:1000580", "MSn spectrum"),
       cv("MS:1000768", "Thermo nativeID format"), cv("MS:1000563", "Thermo RAW format"),
       cv("MS:1000569", "SHA-1", "0123456789abcdef0123456789abcdef01234567"),
       cv("MS:1000511", "ms level", "1"), cv("MS:1000579", "MS1 spectrum"),
       cv("MS:1000128", "profile spectrum"),
       cv("MS:1000514", "m/z array", unit=("MS:1000040", "m/z")), cv(*PREC[64]), cv(*COMP[True]),
       cv("MS:1000693", "Xcalibur"), cv("MS:1000615", "ProteoWizard software"),
       cv("MS:1002416", "Orbitrap Fusion"), cv("MS:1000073", "electrospray ionization"),
       cv("MS:1000484", "orbitrap"), cv("MS:1000624", "inductive detector"),
       cv("MS:1000544", "Conversion to mzML"))
    text = head
    offsets = []
    for s in instrument_spectra():
        offsets.append((s.split('id="')[1].split('"')[0], len(text.encode()) + 6))
        text += s + "\n"
    text += "      </spectrumList>\n"
    times = [0.5, 0.75, 1.25, 2.0]
    tic = [1.0e6, 2.0e5, 9.0e5, 3.0e4]
    chrom = """      <chromatogramList count="1" defaultDataProcessingRef="pwiz_Reader_Thermo_conversion">
        <chromatogram index="0" id="TIC" defaultArrayLength="4">
          %s
          <binaryDataArrayList count="2">
%s
%s
          </binaryDataArrayList>
        </chromatogram>
      </chromatogramList>
""" % (cv("MS:1000235", "total ion current chromatogram"),
       array(TIME, times, 64, True, indent="            "), array(INT, tic, 32, True, indent="            "))
    chrom_offset = len(text.encode()) + len(chrom[:chrom.index("<chromatogram ")].encode())
    text += chrom + "    </run>\n  </mzML>\n"
    index_offset = len(text.encode())
    text += '  <indexList count="2">\n    <index name="spectrum">\n'
    for sid, off in offsets:
        text += '      <offset idRef="%s">%d</offset>\n' % (sid, off)
    text += '    </index>\n    <index name="chromatogram">\n'
    text += '      <offset idRef="TIC">%d</offset>\n    </index>\n  </indexList>\n' % chrom_offset
    text += "  <indexListOffset>%d</indexListOffset>\n  <fileChecksum>" % index_offset
    text += hashlib.sha1(text.encode()).hexdigest() + "</fileChecksum>\n</indexedmzML>\n"
    return text


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    with open(out + "/mzml-minutes.mzML", "w", newline="\n") as f:
        f.write(minutes_file())
    with open(out + "/mzml-instrument.mzML", "w", newline="\n") as f:
        f.write(instrument_file())


if __name__ == "__main__":
    main()
