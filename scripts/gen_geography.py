#!/usr/bin/env python3
"""Generate crates/geo/data/th_admin.json and crates/geo/data/NOTICE from the PyPI package geothai.

Thai administrative geography (77 provinces, 928 districts, 7,436 subdistricts with postal
codes) comes from GeoThai/data as shipped in the wheel of `geothai`, pinned below. The data is
CC BY 4.0 (c) Pongsakorn Thipayanate; its base postal codes come from thailand-geography-json
(MIT, (c) 2023-Present Joe Takara). The 6-region column is authored here (REGION_BY_PROVINCE).

Usage:
    python3 scripts/gen_geography.py                  # download the pinned wheel with pip
    python3 scripts/gen_geography.py --wheel X.whl    # use a wheel you already have
    python3 scripts/gen_geography.py --check          # fail if the committed files are stale

The output is deterministic: rows are sorted by code, one row per line, no spaces, UTF-8.
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

GEOTHAI_VERSION = "3.2.1"
WHEEL_NAME = f"geothai-{GEOTHAI_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "d4d41349c0c8ad07a579956b95d39f7b191426b5681daf66ab1ee522122d8e9b"
EXPECTED_DATA_RELEASE = "2026.10.23"

EXPECTED_PROVINCES = 77
EXPECTED_DISTRICTS = 928
EXPECTED_SUBDISTRICTS = 7436

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "crates" / "geo" / "data"
OUT_JSON = OUT_DIR / "th_admin.json"
OUT_NOTICE = OUT_DIR / "NOTICE"
DEFAULT_BENCH = Path("/work/shared/bench/matching/provinces.tsv")

# The six regions of the National Geographical Committee scheme, by DOPA province code.
# Authored by the otop-upgrade project (geothai has no region). It cannot be derived from the
# first digit of the code: 26 Nakhon Nayok is central, 63 Tak is west, 60-67 mix central/west.
REGION_BY_PROVINCE: dict[str, str] = {
    "10": "central",  # กรุงเทพมหานคร
    "11": "central",  # สมุทรปราการ
    "12": "central",  # นนทบุรี
    "13": "central",  # ปทุมธานี
    "14": "central",  # พระนครศรีอยุธยา
    "15": "central",  # อ่างทอง
    "16": "central",  # ลพบุรี
    "17": "central",  # สิงห์บุรี
    "18": "central",  # ชัยนาท
    "19": "central",  # สระบุรี
    "20": "east",  # ชลบุรี
    "21": "east",  # ระยอง
    "22": "east",  # จันทบุรี
    "23": "east",  # ตราด
    "24": "east",  # ฉะเชิงเทรา
    "25": "east",  # ปราจีนบุรี
    "26": "central",  # นครนายก
    "27": "east",  # สระแก้ว
    "30": "northeast",  # นครราชสีมา
    "31": "northeast",  # บุรีรัมย์
    "32": "northeast",  # สุรินทร์
    "33": "northeast",  # ศรีสะเกษ
    "34": "northeast",  # อุบลราชธานี
    "35": "northeast",  # ยโสธร
    "36": "northeast",  # ชัยภูมิ
    "37": "northeast",  # อำนาจเจริญ
    "38": "northeast",  # บึงกาฬ
    "39": "northeast",  # หนองบัวลำภู
    "40": "northeast",  # ขอนแก่น
    "41": "northeast",  # อุดรธานี
    "42": "northeast",  # เลย
    "43": "northeast",  # หนองคาย
    "44": "northeast",  # มหาสารคาม
    "45": "northeast",  # ร้อยเอ็ด
    "46": "northeast",  # กาฬสินธุ์
    "47": "northeast",  # สกลนคร
    "48": "northeast",  # นครพนม
    "49": "northeast",  # มุกดาหาร
    "50": "north",  # เชียงใหม่
    "51": "north",  # ลำพูน
    "52": "north",  # ลำปาง
    "53": "north",  # อุตรดิตถ์
    "54": "north",  # แพร่
    "55": "north",  # น่าน
    "56": "north",  # พะเยา
    "57": "north",  # เชียงราย
    "58": "north",  # แม่ฮ่องสอน
    "60": "central",  # นครสวรรค์
    "61": "central",  # อุทัยธานี
    "62": "central",  # กำแพงเพชร
    "63": "west",  # ตาก
    "64": "central",  # สุโขทัย
    "65": "central",  # พิษณุโลก
    "66": "central",  # พิจิตร
    "67": "central",  # เพชรบูรณ์
    "70": "west",  # ราชบุรี
    "71": "west",  # กาญจนบุรี
    "72": "central",  # สุพรรณบุรี
    "73": "central",  # นครปฐม
    "74": "central",  # สมุทรสาคร
    "75": "central",  # สมุทรสงคราม
    "76": "west",  # เพชรบุรี
    "77": "west",  # ประจวบคีรีขันธ์
    "80": "south",  # นครศรีธรรมราช
    "81": "south",  # กระบี่
    "82": "south",  # พังงา
    "83": "south",  # ภูเก็ต
    "84": "south",  # สุราษฎร์ธานี
    "85": "south",  # ระนอง
    "86": "south",  # ชุมพร
    "90": "south",  # สงขลา
    "91": "south",  # สตูล
    "92": "south",  # ตรัง
    "93": "south",  # พัทลุง
    "94": "south",  # ปัตตานี
    "95": "south",  # ยะลา
    "96": "south",  # นราธิวาส
}
EXPECTED_REGION_COUNTS = {
    "north": 9,
    "northeast": 20,
    "central": 22,
    "east": 7,
    "west": 5,
    "south": 14,
}


def fail(msg: str) -> None:
    sys.exit(f"gen_geography: {msg}")


def check(cond: bool, msg: str) -> None:
    if not cond:
        fail(msg)


def download_wheel(dest: Path) -> Path:
    cmd = [
        sys.executable, "-m", "pip", "download", f"geothai=={GEOTHAI_VERSION}",
        "--no-deps", "--only-binary=:all:", "-d", str(dest),
    ]
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=sys.stderr)
    wheel = dest / WHEEL_NAME
    check(wheel.is_file(), f"pip did not produce {WHEEL_NAME}")
    return wheel


def read_wheel(wheel: Path) -> dict[str, str]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    check(digest == WHEEL_SHA256, f"{wheel.name}: sha256 {digest}, expected {WHEEL_SHA256}")
    info = f"geothai-{GEOTHAI_VERSION}.dist-info"
    wanted = {
        "provinces": "geothai/_data/provinces.json",
        "districts": "geothai/_data/districts.json",
        "subdistricts": "geothai/_data/subdistricts.json",
        "abolished": "geothai/_data/abolished.json",
        "schema": "geothai/_schema.py",
        "notice": f"{info}/licenses/NOTICE",
        "license": f"{info}/licenses/LICENSE",
        "metadata": f"{info}/METADATA",
    }
    with zipfile.ZipFile(wheel) as zf:
        return {k: zf.read(v).decode("utf-8") for k, v in wanted.items()}


def data_release(schema_py: str) -> str:
    m = re.search(r'^DATA_VERSION: str = "([0-9.]+)"$', schema_py, re.M)
    check(m is not None, "DATA_VERSION not found in geothai/_schema.py")
    assert m is not None
    check(m.group(1) == EXPECTED_DATA_RELEASE,
          f"data release {m.group(1)}, expected {EXPECTED_DATA_RELEASE}")
    return m.group(1)


def clean_name(s: object, what: str) -> str:
    check(isinstance(s, str) and s != "" and s == s.strip() and "  " not in s,
          f"bad name {s!r} in {what}")
    assert isinstance(s, str)
    return s


def build(files: dict[str, str]) -> tuple[dict, Counter]:
    release = data_release(files["schema"])
    raw_p = json.loads(files["provinces"])
    raw_d = json.loads(files["districts"])
    raw_s = json.loads(files["subdistricts"])
    abolished_codes = {row[0] for row in json.loads(files["abolished"])}

    # Format (inspected in 3.2.1): provinces/districts [code, name_th, name_en];
    # subdistricts [code, name_th, name_en, "postal postal ..."]; codes are DOPA strings of
    # 2/4/6 digits and the parent is the code prefix. All rows are current areas; abolished
    # areas are in abolished.json, which we drop.
    provinces, districts, subdistricts = [], [], []
    for row in raw_p:
        check(len(row) == 3 and re.fullmatch(r"[1-9]\d", row[0]) is not None, f"province {row}")
        code = row[0]
        check(code in REGION_BY_PROVINCE, f"province {code} {row[1]} has no region")
        provinces.append([int(code), clean_name(row[1], code), clean_name(row[2], code),
                          REGION_BY_PROVINCE[code]])
    province_codes = {p[0] for p in provinces}
    for row in raw_d:
        check(len(row) == 3 and re.fullmatch(r"[1-9]\d{3}", row[0]) is not None, f"district {row}")
        code = int(row[0])
        check(code // 100 in province_codes, f"district {row} has no province")
        districts.append([code, code // 100, clean_name(row[1], row[0]), clean_name(row[2], row[0])])
    district_codes = {d[0] for d in districts}
    for row in raw_s:
        check(len(row) == 4 and re.fullmatch(r"[1-9]\d{5}", row[0]) is not None,
              f"subdistrict {row}")
        code = int(row[0])
        check(code // 100 in district_codes, f"subdistrict {row} has no district")
        postal = row[3].split(" ")
        check(len(postal) >= 1 and all(re.fullmatch(r"[1-9]\d{4}", p) for p in postal),
              f"subdistrict {row}: bad postal codes")
        check(len(set(postal)) == len(postal), f"subdistrict {row}: duplicate postal code")
        subdistricts.append([code, code // 100, clean_name(row[1], row[0]),
                             clean_name(row[2], row[0]), sorted(postal)])

    for rows, what in ((provinces, "province"), (districts, "district"),
                       (subdistricts, "subdistrict")):
        rows.sort(key=lambda r: r[0])
        codes = [r[0] for r in rows]
        check(len(set(codes)) == len(codes), f"duplicate {what} codes")
        width = {"province": 2, "district": 4, "subdistrict": 6}[what]
        gone = {str(c).zfill(width) for c in codes} & abolished_codes
        check(not gone, f"abolished {what} codes among current ones: {sorted(gone)}")

    check(len(provinces) == EXPECTED_PROVINCES, f"{len(provinces)} provinces")
    check(len(districts) == EXPECTED_DISTRICTS, f"{len(districts)} districts")
    check(len(subdistricts) == EXPECTED_SUBDISTRICTS, f"{len(subdistricts)} subdistricts")
    check(set(REGION_BY_PROVINCE) == {f"{p[0]:02d}" for p in provinces},
          "REGION_BY_PROVINCE keys differ from the province codes")
    regions = Counter(p[3] for p in provinces)
    check(dict(regions) == EXPECTED_REGION_COUNTS, f"region counts {dict(regions)}")
    used = {d[1] for d in districts}
    check(used == province_codes, "a province has no district")
    check({s[1] for s in subdistricts} == district_codes, "a district has no subdistrict")

    data = {
        "data_version": f"geothai {GEOTHAI_VERSION} (GeoThai/data {release})",
        "source": "GeoThai/data <https://github.com/GeoThai/data> via PyPI geothai "
                  f"{GEOTHAI_VERSION}; CC BY 4.0 (c) 2026 Pongsakorn Thipayanate; "
                  "modified: region column added, reduced to current areas; see NOTICE",
        "regions": list(EXPECTED_REGION_COUNTS),
        "provinces": provinces,
        "districts": districts,
        "subdistricts": subdistricts,
    }
    stats = Counter(
        provinces=len(provinces), districts=len(districts), subdistricts=len(subdistricts),
        postal_codes=len({p for s in subdistricts for p in s[4]}),
        multi_postal_subdistricts=sum(1 for s in subdistricts if len(s[4]) > 1),
        abolished_dropped=len(abolished_codes),
    )
    for r, n in regions.items():
        stats[f"region_{r}"] = n
    return data, stats


def cross_check(data: dict, bench: Path) -> None:
    """The matching bench's province table must agree on Thai names and regions."""
    with bench.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    check(len(rows) == EXPECTED_PROVINCES, f"{bench}: {len(rows)} rows")
    by_th = {r["thai_name"]: r for r in rows}
    check(len(by_th) == len(rows), f"{bench}: duplicate Thai names")
    ours = {p[1]: p for p in data["provinces"]}
    check(set(by_th) == set(ours),
          f"Thai names differ: only ours {sorted(set(ours) - set(by_th))}, "
          f"only bench {sorted(set(by_th) - set(ours))}")

    def loose(s: str) -> str:
        return re.sub(r"[^a-z]", "", s.lower())

    for th, p in ours.items():
        b = by_th[th]
        check(b["region"] == p[3], f"{th}: region {p[3]} here, {b['region']} in {bench}")
        # English spellings may differ in spaces and hyphens only (Phang-nga / Phang Nga).
        check(loose(b["english_name"]) == loose(p[2]),
              f"{th}: English {p[2]!r} here, {b['english_name']!r} in {bench}")
        if b["english_name"] != p[2]:
            print(f"note: {th}: English {p[2]!r} (geothai) vs {b['english_name']!r} (bench)",
                  file=sys.stderr)


def render_json(data: dict) -> str:
    def dump(v: object) -> str:
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))

    out = ["{"]
    for key in ("data_version", "source", "regions"):
        out.append(f"{dump(key)}:{dump(data[key])},")
    tables = ("provinces", "districts", "subdistricts")
    for i, key in enumerate(tables):
        out.append(f"{dump(key)}:[")
        rows = data[key]
        out.extend(dump(r) + ("," if j + 1 < len(rows) else "") for j, r in enumerate(rows))
        out.append("]" + ("," if i + 1 < len(tables) else ""))
    out.append("}")
    text = "\n".join(out) + "\n"
    check(json.loads(text) == data, "rendered JSON does not round-trip")
    # The Rust crate borrows names straight from the embedded text, so no escapes allowed.
    check("\\" not in text, "escape sequence in the output JSON")
    return text


def readme_license_section(metadata: str) -> str:
    m = re.search(r"^## License\n\n(.*?)(?=\n## |\Z)", metadata, re.S | re.M)
    check(m is not None, "no '## License' section in the geothai README")
    assert m is not None
    return m.group(1).strip()


def render_notice(files: dict[str, str], release: str) -> str:
    return f"""\
Thai administrative geography data in this directory (th_admin.json)
=====================================================================

This file is generated by scripts/gen_geography.py. Do not edit it by hand.

Attribution (Creative Commons Attribution 4.0 International, CC BY 4.0)
-----------------------------------------------------------------------

Title:    GeoThai/data, release {release} (provinces, districts, subdistricts and postal
          codes of Thailand), as shipped in the PyPI package geothai {GEOTHAI_VERSION}
Author:   Pongsakorn Thipayanate, GeoThai
          Copyright (c) 2026 Pongsakorn Thipayanate
Source:   https://github.com/GeoThai/data
          https://pypi.org/project/geothai/{GEOTHAI_VERSION}/
Licence:  CC BY 4.0, https://creativecommons.org/licenses/by/4.0/
Modified: region column added, reduced to current areas. The otop-upgrade project added
          the 6-region column (north, northeast, central, east, west, south), kept only
          current (not abolished) areas, dropped the list of abolished areas, and changed
          the file layout (numeric codes, parent codes, postal codes as lists).
          The region column is the otop-upgrade project's own work.

Credit "GeoThai" wherever the data is shown, e.g.
  ข้อมูลเขตการปกครอง: GeoThai (CC BY 4.0)
  Administrative areas: GeoThai (CC BY 4.0)

The license section of the geothai README, verbatim:

{readme_license_section(files["metadata"])}

The NOTICE file of geothai {GEOTHAI_VERSION}, verbatim
(it carries the MIT notice of thailand-geography-json, (c) 2023-Present Joe Takara,
which must be kept with copies of the postal codes):

--- begin geothai NOTICE ---
{files["notice"].rstrip()}
--- end geothai NOTICE ---

The LICENSE file of geothai {GEOTHAI_VERSION} (MIT, covers the package's code; the data
file above was extracted from that package), verbatim:

--- begin geothai LICENSE ---
{files["license"].rstrip()}
--- end geothai LICENSE ---
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help=f"use this {WHEEL_NAME} instead of pip download")
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH,
                    help="provinces.tsv to cross-check Thai names and regions against")
    ap.add_argument("--no-bench", action="store_true", help="skip the provinces.tsv cross-check")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the committed files differ")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="gen_geography_") as tmp:
        wheel = args.wheel if args.wheel else download_wheel(Path(tmp))
        files = read_wheel(wheel)

    data, stats = build(files)
    if not args.no_bench:
        check(args.bench.is_file(), f"{args.bench} not found (pass --bench PATH or --no-bench)")
        cross_check(data, args.bench)
        print(f"cross-check with {args.bench}: Thai names and regions agree", file=sys.stderr)

    text = render_json(data)
    notice = render_notice(files, data_release(files["schema"]))
    outputs = {OUT_JSON: text, OUT_NOTICE: notice}
    if args.check:
        stale = [p for p, t in outputs.items()
                 if not p.is_file() or p.read_text(encoding="utf-8") != t]
        check(not stale, f"stale: {', '.join(str(p.relative_to(REPO)) for p in stale)}")
        print("up to date", file=sys.stderr)
    else:
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        for path, t in outputs.items():
            path.write_text(t, encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(REPO)} ({len(t.encode('utf-8')):,} bytes)",
                  file=sys.stderr)

    print(f"data_version: {data['data_version']}")
    for key in ("provinces", "districts", "subdistricts", "postal_codes",
                "multi_postal_subdistricts", "abolished_dropped"):
        print(f"{key}: {stats[key]:,}")
    print("regions: " + ", ".join(f"{r} {stats['region_' + r]}" for r in EXPECTED_REGION_COUNTS))


if __name__ == "__main__":
    main()
