#!/usr/bin/python3
"""Generate the synthetic example district 示例区 (examples/district/README.md).

Writes org_units.csv, data.csv, targets.csv and hypertension_plan.csv next to this file (or into the directory given
as the only argument). Standard library only; one random.Random with a fixed seed, consumed in
a fixed order, so every run writes byte-identical files (tests/python/test_example_district.py
regenerates them into a temporary directory and compares).

    /usr/bin/python3 examples/district/generate.py [output_dir]

Everything here is invented. The magnitudes follow what a Chinese district of about 350,000
residents reports (births about 8 per 1,000, hypertension patients about 7 % of residents,
about 3 doctors per 1,000, ...); the planted stories are listed in README.md and marked
"Story" below.
"""
from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

SEED = 20251201
YEARS = (2024, 2025)  # the previous year (for 同比) and the current year, both complete
MONTHS = [(y, m) for y in YEARS for m in range(1, 13)]

DISTRICT = ("340999", "示例区")

# Townships: code, name, residents at the start of 2024, share aged 65+, urban (街道) or not,
# and the names of the community stations (社区卫生服务站) or village clinics (村卫生室) below
# the township's centre.
TOWNSHIPS = [
    ("340999001", "东城街道", 62000, 0.125, True, ["幸福", "文昌", "桥东"]),
    ("340999002", "西城街道", 55000, 0.130, True, ["和平", "新华", "西湖"]),
    ("340999003", "南湖街道", 48000, 0.120, True, ["湖滨", "锦绣", "南苑"]),
    ("340999004", "北关街道", 41000, 0.140, True, ["北门", "关厢", "红星"]),
    ("340999005", "青山镇", 42000, 0.170, False, ["石桥", "松林", "王庄", "东岭", "竹园"]),
    ("340999006", "柳河镇", 38000, 0.175, False, ["杨庄", "河口", "李集", "前湾", "后湾"]),
    ("340999007", "石桥镇", 36000, 0.180, False, ["大石", "小河", "张圩", "新集", "沙岗"]),
    ("340999008", "白云乡", 28000, 0.190, False, ["云峰", "白沙", "龙泉", "高岗", "梨园"]),
]

# District institutions, children of the district itself: code, name, beds, licensed doctors,
# registered nurses, monthly outpatient visits and cost per visit (元), monthly discharges and
# cost per admission (元), and whether it reports infectious disease cases (a clinical unit).
HOSPITALS = [
    ("340999901", "示例区人民医院", 950, 480, 830, 36000, 258.0, 2300, 8400.0),
    ("340999902", "示例区中医医院", 480, 260, 400, 15500, 231.0, 950, 6700.0),
    ("340999903", "示例区妇幼保健院", 200, 110, 175, 8200, 198.0, 420, 4600.0),
]
SUPERVISION = ("340999904", "示例区卫生健康综合监督执法大队")

# Story 1 (behind schedule): 石桥镇's free premarital checks fell in 2025.
BEHIND_TOWNSHIP = "340999007"
# Story 2 (reporting gap): this village clinic sent no report for March 2025.
GAP_FACILITY = "340999006002"  # 柳河镇杨庄村卫生室
GAP_MONTH = (2025, 3)

# The year's free premarital check quota of each township (persons), handed down by the district.
PREMARITAL_QUOTA = {
    2024: {"340999001": 355, "340999002": 315, "340999003": 275, "340999004": 235,
           "340999005": 245, "340999006": 220, "340999007": 210, "340999008": 165},
    2025: {"340999001": 360, "340999002": 320, "340999003": 280, "340999004": 240,
           "340999005": 245, "340999006": 220, "340999007": 210, "340999008": 165},
}
# Persons registering a marriage per resident per year, and the months' weights (Spring
# Festival, 5月20日 and National Day weddings).
MARRIAGE_RATE = 0.0075
MARRIAGE_SEASON = [1.5, 1.3, 0.8, 0.8, 1.2, 0.8, 0.7, 0.8, 0.9, 1.3, 0.9, 1.0]

# Rare events are fixed district totals per year, placed at random over townships and months,
# so that the district's mortality stays plausible for every seed: (neonatal, other infant,
# aged 1-4, maternal) deaths.
DEATHS = {2024: (7, 5, 5, 1), 2025: (5, 4, 4, 0)}


class Generator:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.rows: list[tuple[str, str, str, int]] = []

    # --- random counts -------------------------------------------------------------------
    def binomial(self, n: int, p: float) -> int:
        """A binomial draw: exact for small n, the normal approximation otherwise (clamped)."""
        if n <= 60:
            return sum(1 for _ in range(n) if self.rng.random() < p)
        x = round(self.rng.gauss(n * p, math.sqrt(n * p * (1 - p))))
        return min(n, max(0, x))

    def poisson(self, mean: float) -> int:
        """A Poisson draw (Knuth's product of uniforms for small means, normal otherwise)."""
        if mean < 30:
            limit, k, product = math.exp(-mean), 0, self.rng.random()
            while product > limit:
                k += 1
                product *= self.rng.random()
            return k
        return max(0, round(self.rng.gauss(mean, math.sqrt(mean))))

    def jitter(self, value: float, spread: float) -> float:
        return value * (1 + self.rng.uniform(-spread, spread))

    # --- output --------------------------------------------------------------------------
    def put(self, element: str, unit: str, ym: tuple[int, int], value: float) -> None:
        if unit == GAP_FACILITY and ym == GAP_MONTH:
            return  # Story 2: the clinic's March report never arrived (absent, not zero)
        self.rows.append((element, unit, f"{ym[0]}{ym[1]:02d}", int(round(value))))


def ytd(fraction_at_december: float, month: int, early: float) -> float:
    """The share of the year's distinct persons counted by the end of `month` (累计): a
    year-to-date count restarts in January and reaches `fraction_at_december` in December;
    `early` is the share already counted in January (patients carried over, contracts renewed)."""
    return fraction_at_december * (early + (1 - early) * month / 12)


def org_units() -> list[tuple[str, str, str]]:
    units = [(DISTRICT[0], DISTRICT[1], "")]
    for code, name, _, _, urban, sites in TOWNSHIPS:
        units.append((code, name, DISTRICT[0]))
    for code, name, _, _, urban, sites in TOWNSHIPS:
        centre = name + ("社区卫生服务中心" if urban else "卫生院")
        units.append((code + "001", centre, code))
        for k, site in enumerate(sites, start=2):
            site_name = (f"{name}{site}社区卫生服务站" if urban else f"{name}{site}村卫生室")
            units.append((f"{code}{k:03d}", site_name, code))
    for h in HOSPITALS:
        units.append((h[0], h[1], DISTRICT[0]))
    units.append((SUPERVISION[0], SUPERVISION[1], DISTRICT[0]))
    return units


def generate() -> tuple[list, list]:
    g = Generator()
    population = {}  # (township, ym) -> residents, for the figures that scale with it

    # --- township level: populations, marriages, premarital checks, notifiable diseases,
    #     childcare places (each element is recorded at this level only) ------------------------
    for code, name, start, share65, urban, sites in TOWNSHIPS:
        growth = 0.004 if urban else -0.003  # people move from the villages to the streets
        for i, ym in enumerate(MONTHS):
            pop = round(start * (1 + growth * i / 12) + g.rng.uniform(-60, 60))
            population[code, ym] = pop
            g.put("resident_population", code, ym, pop)
            g.put("residents_65_plus", code, ym, pop * (share65 + 0.004 * (ym[0] - 2024)))
            g.put("children_0_6", code, ym, pop * (0.058 if urban else 0.066))
            g.put("service_population", code, ym, pop)
            # 重点人群: the elderly, chronic patients, children 0-6, pregnant women (about 30 %).
            g.put("key_group_population", code, ym, pop * (share65 + 0.16))
        for year in YEARS:
            quota = PREMARITAL_QUOTA[year][code]
            uptake = 0.83
            if code == BEHIND_TOWNSHIP and year == 2025:
                uptake = 0.62  # Story 1: its 婚检 point moved to the district MCH hospital
            places = {2024: 0.0033, 2025: 0.0039}[year]  # Story 3: below 4.5 per 1,000
            for m in range(1, 13):
                ym = (year, m)
                pop = population[code, ym]
                registered = g.poisson(pop * MARRIAGE_RATE * MARRIAGE_SEASON[m - 1] / 12)
                g.put("marriage_registrations", code, ym, registered)
                g.put("premarital_checked", code, ym, g.binomial(registered, uptake))
                g.put("premarital_check_quota", code, ym, quota)
                ab = g.poisson(pop * 0.0022 / 12)
                g.put("class_ab_cases", code, ym, ab)
                flu_season = 1.8 if m in (1, 2, 12) else (1.4 if m in (4, 5, 6) else 0.7)
                g.put("notifiable_cases", code, ym, ab + g.poisson(pop * 0.0026 * flu_season / 12))
                g.put("childcare_places", code, ym, round(start * places * (0.96 + 0.04 * m / 12)))

    # --- the township's centre (卫生院 / 社区卫生服务中心): public health services, births and
    #     deaths by residence, TB, family doctors, infectious disease reports, services --------
    deaths = {}  # (township, ym) -> [neonatal, other infant, aged 1-4, maternal]
    township_months = [(code, ym) for code, *_ in TOWNSHIPS for ym in MONTHS]
    for year in YEARS:
        cells = [c for c in township_months if c[1][0] == year]
        for kind, total in enumerate(DEATHS[year]):
            for _ in range(total):
                cell = g.rng.choices(cells, weights=[population[c] for c in cells])[0]
                deaths.setdefault(cell, [0, 0, 0, 0])[kind] += 1

    for code, name, start, share65, urban, sites in TOWNSHIPS:
        centre = code + "001"
        records_share = g.rng.uniform(0.90, 0.94)
        hypertension_share = 0.062 if urban else 0.078
        diabetes_share = 0.022 if urban else 0.019
        for ym in MONTHS:
            year, m = ym
            pop = population[code, ym]
            later = year - 2024  # 0 in the previous year, 1 in the current one
            # Health records: stocks, slowly growing.
            records = pop * (records_share + 0.004 * later)
            g.put("health_records", centre, ym, records)
            g.put("e_health_records", centre, ym, records * 0.985)
            files = records * 1.012  # records of residents who died or moved, not yet closed
            g.put("health_record_files", centre, ym, files)
            g.put("records_with_dynamic_entries", centre, ym, files * ytd(0.66 + 0.02 * later, m, 0.55))
            # Elderly: year-to-date counts of the residents 65+ seen this year.
            pop65 = pop * (share65 + 0.004 * later)
            g.put("elderly_managed", centre, ym, pop65 * ytd(0.70 + 0.015 * later, m, 0.08))
            g.put("elderly_tcm_managed", centre, ym, pop65 * ytd(0.72 + 0.01 * later, m, 0.06))
            # Hypertension and diabetes patients seen at the centre itself (the stations and
            # clinics report their own below): the year's patients are counted by the end of
            # each month; standard management and blood-pressure control as shares of them.
            managed = round(pop * hypertension_share * 0.55 * ytd(1.0, m, 0.88))
            g.put("hypertension_managed", centre, ym, managed)
            g.put("hypertension_standard_managed", centre, ym, g.binomial(managed, 0.70 + 0.01 * later))
            # Story 4 (improving 同比): blood-pressure control rises from about 55 % to 62 %.
            g.put("hypertension_bp_controlled", centre, ym, g.binomial(managed, 0.55 + 0.07 * later))
            dm = round(pop * diabetes_share * 0.55 * ytd(1.0, m, 0.88))
            g.put("diabetes_managed", centre, ym, dm)
            g.put("diabetes_standard_managed", centre, ym, g.binomial(dm, 0.68 + 0.01 * later))
            # Births by the mother's residence, by sex (about 106 boys per 100 girls).
            births = g.poisson(pop * (0.0083 - 0.0005 * later) / 12)
            boys = g.binomial(births, 0.515)
            g.put("live_births.male", centre, ym, boys)
            g.put("live_births.female", centre, ym, births - boys)
            g.put("early_pregnancy_registered", centre, ym, g.binomial(births, 0.93))
            g.put("postpartum_visited", centre, ym, g.binomial(births, 0.955))
            g.put("newborns_visited", centre, ym, g.binomial(births, 0.965))
            g.put("maternal_systematically_managed", centre, ym, g.binomial(births, 0.925))
            g.put("caesarean_live_births", centre, ym, g.binomial(births, 0.41))
            neonatal, other_infant, child, maternal = deaths.get((code, ym), [0, 0, 0, 0])
            g.put("neonatal_deaths", centre, ym, neonatal)
            g.put("infant_deaths", centre, ym, neonatal + other_infant)
            g.put("under5_deaths", centre, ym, neonatal + other_infant + child)
            g.put("maternal_deaths", centre, ym, maternal)
            # Children 0-6 and 0-36 months: year-to-date counts of those seen.
            children = pop * (0.058 if urban else 0.066)
            g.put("children_0_6_managed", centre, ym, children * ytd(0.935, m, 0.10))
            due = children * 0.43
            g.put("children_0_36m_due", centre, ym, due)
            g.put("children_tcm_managed", centre, ym, due * ytd(0.80 + 0.01 * later, m, 0.10))
            # Severe mental disorders: a register (stock) and those managed to the standard.
            smd = round(pop * 0.0046)
            g.put("smd_registered", centre, ym, smd)
            g.put("smd_standard_managed", centre, ym, g.binomial(smd, 0.89))
            # TB: notified and managed in the month, treatments completed in the month.
            notified = g.poisson(pop * 0.00042 / 12)
            g.put("tb_notified", centre, ym, notified)
            g.put("tb_managed", centre, ym, g.binomial(notified, 0.97))
            completed = g.poisson(pop * 0.00040 / 12)
            g.put("tb_treatment_completed", centre, ym, completed)
            g.put("tb_regular_medication", centre, ym, g.binomial(completed, 0.93))
            # Family doctors: contracts signed this year, most renewed early in the year.
            contracted = pop * ytd(0.365 + 0.025 * later, m, 0.60)
            g.put("contracted", centre, ym, contracted)
            key = pop * (share65 + 0.16)
            g.put("key_group_contracted", centre, ym, key * ytd(0.78 + 0.02 * later, m, 0.60))
            g.put("paid_contracted", centre, ym, pop * ytd(0.052 + 0.003 * later, m, 0.50))
            # Infectious disease cases the centre registered and reported.
            registered = g.poisson(pop * 0.0015 / 12)
            online = g.binomial(registered, 0.995)
            g.put("cases_registered", centre, ym, registered)
            g.put("cases_reported_online", centre, ym, online)
            g.put("cases_reported", centre, ym, online)
            g.put("cases_reported_timely", centre, ym, g.binomial(online, 0.985))
            # Services (costs in 元, rising about 3 % a year).
            visits = round(g.jitter(pop * (0.17 if urban else 0.15), 0.12))
            per_visit = (96.0 if urban else 78.0) * (1.03 ** later)
            g.put("outpatient_visits", centre, ym, visits)
            g.put("outpatient_cost", centre, ym, visits * g.jitter(per_visit, 0.05))
            if not urban:  # street centres have no wards here
                discharges = round(g.jitter(pop * 0.0032, 0.15))
                g.put("discharges", centre, ym, discharges)
                g.put("inpatient_cost", centre, ym, discharges * g.jitter(2750.0 * 1.03 ** later, 0.06))
            g.put("beds", centre, ym, 20 if urban else 55)
            g.put("licensed_doctors", centre, ym, (34 if urban else 24) + later * 2)
            g.put("registered_nurses", centre, ym, (36 if urban else 28) + later * 2)

        # --- stations and village clinics: outpatient services and their own chronic patients
        for k, site in enumerate(sites, start=2):
            facility = f"{code}{k:03d}"
            size = g.rng.uniform(0.8, 1.2)
            patients = pop * hypertension_share * 0.45 / len(sites) * size
            dm_patients = pop * diabetes_share * 0.45 / len(sites) * size
            for ym in MONTHS:
                year, m = ym
                later = year - 2024
                pop = population[code, ym]
                managed = round(patients * ytd(1.0, m, 0.88))
                g.put("hypertension_managed", facility, ym, managed)
                g.put("hypertension_standard_managed", facility, ym, g.binomial(managed, 0.67 + 0.01 * later))
                g.put("hypertension_bp_controlled", facility, ym, g.binomial(managed, 0.53 + 0.07 * later))
                dm = round(dm_patients * ytd(1.0, m, 0.88))
                g.put("diabetes_managed", facility, ym, dm)
                g.put("diabetes_standard_managed", facility, ym, g.binomial(dm, 0.66 + 0.01 * later))
                visits = round(g.jitter(700 * size, 0.15))
                g.put("outpatient_visits", facility, ym, visits)
                g.put("outpatient_cost", facility, ym, visits * g.jitter(38.0 * 1.03 ** later, 0.06))
                if urban:
                    g.put("licensed_doctors", facility, ym, 2 + (k % 2))
                    g.put("registered_nurses", facility, ym, 3)

    # --- district hospitals ---------------------------------------------------------------
    for code, name, beds, doctors, nurses, visits, per_visit, discharges, per_stay in HOSPITALS:
        for ym in MONTHS:
            later = ym[0] - 2024
            g.put("beds", code, ym, beds)
            g.put("licensed_doctors", code, ym, doctors + 6 * later)
            g.put("registered_nurses", code, ym, nurses + 10 * later)
            v = round(g.jitter(visits, 0.10))
            g.put("outpatient_visits", code, ym, v)
            g.put("outpatient_cost", code, ym, v * g.jitter(per_visit * 1.03 ** later, 0.04))
            d = round(g.jitter(discharges, 0.10))
            g.put("discharges", code, ym, d)
            g.put("inpatient_cost", code, ym, d * g.jitter(per_stay * 1.03 ** later, 0.04))
            registered = g.poisson(visits * 0.0025)
            online = g.binomial(registered, 0.998)
            g.put("cases_registered", code, ym, registered)
            g.put("cases_reported_online", code, ym, online)
            g.put("cases_reported", code, ym, online)
            g.put("cases_reported_timely", code, ym, g.binomial(online, 0.99))

    # --- health supervision (the district's 执法大队): stocks and year-to-date counts --------
    for year in YEARS:
        units = {2024: 1238, 2025: 1264}[year]
        quota = {2024: 58, 2025: 63}[year]  # units drawn for 双随机 inspection
        for m in range(1, 13):
            ym = (year, m)
            g.put("units_under_supervision", SUPERVISION[0], ym, units)
            g.put("supervised_units", SUPERVISION[0], ym, units * ytd(0.962, m, 0.04))
            g.put("random_inspection_quota", SUPERVISION[0], ym, quota)
            g.put("random_inspections_done", SUPERVISION[0], ym, min(quota, quota * m / 11))

    return org_units(), g.rows


# Targets: the catalog's national targets for 2025 where it has them (data/catalog.json
# "targets"; the 2030 ones where it has no 2025 target), the district's own otherwise.
TARGETS = [
    ("health_record_rate", "", "不低于90%"),
    ("e_health_record_rate", "", "不低于90%"),
    ("health_record_use_rate", "", "不低于60%"),
    ("elderly_health_management_rate", "", "不低于67%"),
    ("hypertension_standard_management_rate", "", "不低于65%"),
    ("hypertension_bp_control_rate", "", "不低于60%"),
    ("diabetes_standard_management_rate", "", "不低于65%"),
    ("early_pregnancy_registration_rate", "", "不低于90%"),
    ("postpartum_visit_rate", "", "不低于90%"),
    ("newborn_visit_rate", "", "不低于90%"),
    ("child_health_management_rate", "", "不低于90%"),
    ("severe_mental_disorder_management_rate", "", "不低于85%"),
    ("tb_management_rate", "", "不低于90%"),
    ("tb_regular_medication_rate", "", "不低于90%"),
    ("elderly_tcm_management_rate", "", "不低于70%"),
    ("child_tcm_management_rate", "", "不低于77%"),
    ("infectious_disease_report_rate", "", "不低于95%"),
    ("infectious_disease_report_timeliness", "", "不低于95%"),
    ("family_doctor_contract_rate", "", "不低于35%"),
    ("key_group_contract_rate", "", "不低于75%"),
    ("paid_contract_rate", DISTRICT[0], "不低于5%"),
    ("premarital_check_rate", "", "不低于75%"),
    ("premarital_check_quota_completion", "", "不低于100%"),
    ("maternal_systematic_management_rate", "", "不低于90%"),
    ("caesarean_rate", "", "控制在45%以内"),
    ("infant_mortality_rate", "", "不高于5.2‰"),
    ("under5_mortality_rate", "", "不高于6.6‰"),
    ("neonatal_mortality_rate", "", "不高于3.1‰"),
    ("maternal_mortality_rate", "", "不高于14.5/10万"),
    ("doctors_per_1000", "", "不低于3.0/千人"),
    ("nurses_per_1000", "", "不低于4.7/千人"),
    ("childcare_places_per_1000", "", "不低于4.5/千人"),
    ("supervision_coverage", "", "不低于95%"),
    ("random_inspection_completion", "", "不低于100%"),
]


def write_csv(path: Path, header: tuple, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def plan_rows(units: list, rows: list) -> list[tuple]:
    """hypertension_plan.csv: the townships' 2025 高血压患者规范管理率 plan (README, "The plan"),
    read from the generated data: denominator = patients under management in December 2025 (the
    year's task), last_year = patients managed to the standard by December 2024, done = those
    managed to the standard by September 2025 (year-to-date counts, so the last month is the
    year's figure). A township's count is the sum over its centre and stations / clinics."""
    wanted = {("hypertension_managed", "202512"): "denominator",
              ("hypertension_standard_managed", "202412"): "last_year",
              ("hypertension_standard_managed", "202509"): "done"}
    sums: dict = {}
    for element, org_unit, period, value in rows:
        column = wanted.get((element, period))
        if column:
            key = (org_unit[:9], column)
            sums[key] = sums.get(key, 0) + int(value)
    return [(code, name, sums[(code, "denominator")], sums[(code, "last_year")], sums[(code, "done")])
            for code, name, *_ in TOWNSHIPS]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    units, rows = generate()
    write_csv(out / "org_units.csv", ("code", "name", "parent"), units)
    write_csv(out / "data.csv", ("element", "org_unit", "period", "value"), rows)
    write_csv(out / "targets.csv", ("indicator", "org_unit", "target"), TARGETS)
    write_csv(out / "hypertension_plan.csv", ("org_unit", "name", "denominator", "last_year", "done"),
              plan_rows(units, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
