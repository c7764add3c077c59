"""A district's DHIS2 export through zhibiao: time and peak memory (issue 15 item 4).

    .venv/bin/python benchmarks/dhis2_load.py [--values 1000000] [--facilities 10417] [--csv]

Writes, in a child process, a metadata export (1 + 10 + 100 + facilities org units: 10,528 by
default, 6 data elements of which two by sex, 50 indicators of three indicator types) and a
dataValueSet of the first --values values (facility × month of 2024 × 8 keys), in the shapes of
DHIS2's Web API documentation (docs/dhis2_metadata.md). Then, in a fresh process, it times

    read_dhis2_metadata, read_data_value_set (JSON, or CSV with --csv), DataCube.load_frame,
    evaluate (the 50 indicators for every org unit of the tree, year 2024)

and prints each step's seconds and the process's peak resident size (VmHWM of /proc/self/status)
before the steps (after the imports) and after them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

DEFAULT_COC = "HllvX50cXC0"
KEYS = [("DE000000000", "COCMALE0001"), ("DE000000000", "COCFEMALE01"),
        ("DE000000001", "COCMALE0001"), ("DE000000001", "COCFEMALE01"),
        ("DE000000002", DEFAULT_COC), ("DE000000003", DEFAULT_COC),
        ("DE000000004", DEFAULT_COC), ("DE000000005", DEFAULT_COC)]


def metadata(facilities: int) -> dict:
    units = [{"id": "OU00000000", "name": "District", "path": "/OU00000000", "level": 1}]
    units += [{"id": f"OUA{a:08d}", "name": f"Chiefdom {a}", "parent": {"id": "OU00000000"}}
              for a in range(10)]
    units += [{"id": f"OUB{b:08d}", "name": f"Zone {b}", "parent": {"id": f"OUA{b % 10:08d}"}}
              for b in range(100)]
    units += [{"id": f"OUF{f:08d}", "name": f"Facility {f}", "parent": {"id": f"OUB{f % 100:08d}"}}
              for f in range(facilities)]
    types = [{"id": "ITPERCENT01", "name": "Per cent", "factor": 100},
             {"id": "ITPERMILLE1", "name": "Per thousand", "factor": 1000},
             {"id": "ITPER100K01", "name": "Per 100,000", "factor": 100000}]
    indicators = []
    for k in range(50):
        a, b = k % 5, (k // 5) % 5
        num = f"#{{DE{a:09d}}}" if k % 3 else f"#{{DE00000000{k % 2}.COCFEMALE01}}"
        indicators.append({"id": f"IN{k:09d}", "name": f"Indicator {k}", "numerator": num,
                           "denominator": f"#{{DE000000005}} + #{{DE{b:09d}}}",
                           "indicatorType": {"id": types[k % 3]["id"]}})
    return {
        "organisationUnits": units,
        "categoryCombos": [{"id": "bjDvmb4bfuf", "name": "default"}, {"id": "CCSEX000001", "name": "Sex"}],
        "categoryOptionCombos": [
            {"id": DEFAULT_COC, "name": "default", "categoryCombo": {"id": "bjDvmb4bfuf"}},
            {"id": "COCMALE0001", "name": "Male", "categoryCombo": {"id": "CCSEX000001"}},
            {"id": "COCFEMALE01", "name": "Female", "categoryCombo": {"id": "CCSEX000001"}}],
        "dataElements": [{"id": f"DE{k:09d}", "name": f"Element {k}", "valueType": "INTEGER",
                          "aggregationType": "AVERAGE_SUM_ORG_UNIT" if k == 5 else "SUM",
                          "categoryCombo": {"id": "CCSEX000001" if k < 2 else "bjDvmb4bfuf"}}
                         for k in range(6)],
        "indicatorTypes": types,
        "indicators": indicators,
    }


def write_files(folder: str, facilities: int, values: int, csv: bool) -> None:
    with open(os.path.join(folder, "metadata.json"), "w", encoding="utf-8") as f:
        json.dump(metadata(facilities), f)
    name = "values.csv" if csv else "values.json"
    with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
        f.write("dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,"
                "lastupdated,comment,followup\n" if csv else '{"dataValues":[')
        count = 0
        for fac in range(facilities):
            uid = f"OUF{fac:08d}"
            for m in range(12):
                pe = f"2024{m + 1:02d}"
                rows = []
                for j, (de, coc) in enumerate(KEYS):
                    if count == values:
                        break
                    v = 1000 + fac % 7 if de == "DE000000005" else (fac + m + j) % 13
                    if csv:
                        rows.append(f"{de},{pe},{uid},{coc},{DEFAULT_COC},{v},admin,2024-12-31,,false\n")
                    else:
                        rows.append(("," if count else "") +
                                    f'{{"dataElement":"{de}","period":"{pe}","orgUnit":"{uid}",'
                                    f'"categoryOptionCombo":"{coc}","attributeOptionCombo":"{DEFAULT_COC}",'
                                    f'"value":"{v}","storedBy":"admin","followup":false}}')
                    count += 1
                f.write("".join(rows))
        if not csv:
            f.write("]}")
        if count < values:
            raise SystemExit(f"only {count} values fit {facilities} facilities; raise --facilities")


def peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(folder: str, csv: bool) -> None:
    import zhibiao as zb

    base = peak_mb()
    steps = []
    t = time.perf_counter()
    meta = zb.read_dhis2_metadata(os.path.join(folder, "metadata.json"))
    steps.append(("read_dhis2_metadata", time.perf_counter() - t))
    t = time.perf_counter()
    frame = zb.read_data_value_set(os.path.join(folder, "values.csv" if csv else "values.json"), meta)
    steps.append((f"read_data_value_set ({'CSV' if csv else 'JSON'})", time.perf_counter() - t))
    t = time.perf_counter()
    cube = meta.cube("202401", 12)
    loaded = cube.load_frame(frame).loaded
    steps.append(("DataCube.load_frame", time.perf_counter() - t))
    del frame
    t = time.perf_counter()
    out = zb.evaluate(cube, meta.catalog, org_units=list(range(len(meta.tree))), periods="2024")
    steps.append(("evaluate (50 indicators x all units, 2024)", time.perf_counter() - t))
    print(f"org units {len(meta.tree)}, indicators {len(meta.catalog.indicators)}, values loaded "
          f"{loaded}, evaluated rows {len(out)}")
    for name, seconds in steps:
        print(f"  {name:<44} {seconds:8.2f} s")
    print(f"  {'total':<44} {sum(s for _, s in steps):8.2f} s")
    print(f"peak resident size: {base:.0f} MB after imports, {peak_mb():.0f} MB at the end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--facilities", type=int, default=10_417)
    parser.add_argument("--csv", action="store_true", help="the dataValueSet as CSV")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child: measure this folder
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.csv)
        return
    with tempfile.TemporaryDirectory() as folder:
        # The files are written by a child, so that their making adds nothing to the peak measured.
        subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import dhis2_load; "
                        "dhis2_load.write_files(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == '1')",
                        os.path.dirname(os.path.abspath(__file__)), folder, str(args.facilities),
                        str(args.values), "1" if args.csv else "0"], check=True)
        size = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
        print(f"files: {size / 1e6:.0f} MB")
        subprocess.run([sys.executable, os.path.abspath(__file__), "--measure", folder]
                       + (["--csv"] if args.csv else []), check=True)


if __name__ == "__main__":
    main()
