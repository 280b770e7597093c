#!/usr/bin/env python3
"""Writes a registry import set (patients.csv, surgeries.csv, assessments.csv)
of N made-up patients, as a clinic would export it: the site's own patient
keys, exact dates and all. Used for the bundled example, the import benchmark
and the crash test. Not a cohort simulator (that is `thaplan simulate cohort`):
values are plausible (CLINICAL.md section 3) but carry no outcome model.

Deterministic for a given --seed. Streams rows, so any N fits in memory.
"""
import argparse
import datetime
import os
import random

DIAGNOSES = [("oa_ddh", 0.62), ("oa_primary", 0.22), ("osteonecrosis", 0.10),
             ("rheumatoid", 0.03), ("fracture_sequela", 0.02), ("other", 0.01)]
TIMEPOINTS = [("preop", -30, -1), ("3m", 80, 100), ("6m", 170, 200), ("12m", 350, 380)]


def pick(rng, weighted):
    r = rng.random()
    for value, w in weighted:
        r -= w
        if r <= 0:
            return value
    return weighted[-1][0]


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=60)
    ap.add_argument("--sites", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--key-prefix", default="", help="prefix of the made-up hospital IDs")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    sites = ["S%02d" % (i + 1) for i in range(args.sites)]
    with open(os.path.join(args.out, "patients.csv"), "w", newline="") as pf, \
         open(os.path.join(args.out, "surgeries.csv"), "w", newline="") as sf, \
         open(os.path.join(args.out, "assessments.csv"), "w", newline="") as af:
        pf.write("patient_key,site,sex,birth_date,surgery_date,height_cm,weight_kg,"
                 "diagnosis,operated_side,contralateral_hip,asa_class,hx_diabetes,"
                 "hx_spine_disease,hx_osteoporosis,hx_cardiovascular\n")
        sf.write("patient_key,site,approach,technique,surgeon_code,cup_model,stem_model,"
                 "stem_fixation,head_diameter_mm,cup_inclination_deg,cup_anteversion_deg,"
                 "stem_anteversion_deg,leg_length_change_mm,preop_lld_mm,postop_lld_mm,"
                 "femoral_offset_change_mm,offset_3d_change_mm,ce_angle_deg,crowe_class,"
                 "femoral_anteversion_deg,dorr_type,angle_definition\n")
        af.write("patient_key,site,timepoint,assessment_date,surgery_date,"
                 "hip_abductor_nm_kg,hip_extensor_nm_kg,knee_extensor_nm_kg,"
                 "hip_flexion_rom_deg,hip_extension_rom_deg,hip_abduction_rom_deg,"
                 "jheq_score\n")
        base = datetime.date(2023, 1, 1)
        for i in range(args.patients):
            site = sites[i % len(sites)]
            key = "%s%s-%07d" % (args.key_prefix, site, 100000 + i)  # the hospital's own ID
            female = rng.random() < 0.86
            age = int(clamp(rng.gauss(64, 10), 30, 95))
            surgery = base + datetime.timedelta(days=rng.randrange(0, 730))
            birth = surgery - datetime.timedelta(days=int(age * 365.25 + rng.randrange(0, 360)))
            height = clamp(rng.gauss(153 if female else 166, 6), 130, 195)
            bmi = clamp(rng.gauss(23.5, 3.5), 16, 42)
            weight = max(32.0, bmi * (height / 100) ** 2)
            dx = pick(rng, DIAGNOSES)
            side = rng.choice("LR")
            pf.write("%s,%s,%s,%s,%s,%.1f,%.1f,%s,%s,%s,%d,%d,%d,%d,%d\n" % (
                key, site, "F" if female else "M", birth.isoformat(), surgery.isoformat(),
                height, weight, dx, side, rng.choice(["normal", "oa", "oa", "tha"]),
                rng.choice([1, 2, 2, 3]), rng.random() < 0.1, rng.random() < 0.15,
                rng.random() < 0.2, rng.random() < 0.08))
            ddh = dx == "oa_ddh"
            preop_lld = rng.gauss(-8 if ddh else -4, 6)
            change = clamp(-preop_lld + rng.gauss(0, 4), -10, 40)
            sf.write("%s,%s,%s,%s,S%d,G7,Taperloc,cementless,%d,%.1f,%.1f,%.1f,%.1f,%.1f,"
                     "%.1f,%.1f,%.1f,%.1f,%d,%.1f,%s,radiographic\n" % (
                         key, site, rng.choice(["posterior", "anterolateral", "direct_anterior"]),
                         rng.choice(["manual", "manual", "navigation", "robot"]),
                         rng.randrange(1, 4), rng.choice([28, 32, 36]),
                         clamp(rng.gauss(40, 6), 20, 65), clamp(rng.gauss(18, 7), -5, 45),
                         clamp(rng.gauss(25, 9), -10, 60), change, preop_lld,
                         clamp(preop_lld + change, -40, 40), clamp(rng.gauss(0, 4), -20, 20),
                         clamp(rng.gauss(0, 5), -20, 20),
                         clamp(rng.gauss(12 if ddh else 28, 8), -20, 55),
                         (rng.choice([1, 1, 2, 3]) if ddh else 1),
                         clamp(rng.gauss(30 if ddh else 20, 10), -10, 70),
                         rng.choice("ABBC")))
            strength = clamp(rng.gauss(0.55, 0.18), 0.1, 1.5)
            for t, (tp, lo, hi) in enumerate(TIMEPOINTS):
                if t > 0 and rng.random() < 0.1:
                    continue  # missed visit
                day = surgery + datetime.timedelta(days=rng.randrange(lo, hi + 1))
                gain = [0, 0.08, 0.15, 0.2][t]
                af.write("%s,%s,%s,%s,%s,%.2f,%.2f,%.2f,%.0f,%.0f,%.0f,%.0f\n" % (
                    key, site, tp, day.isoformat(), surgery.isoformat(),
                    clamp(strength + gain + rng.gauss(0, 0.05), 0.05, 2.5),
                    clamp(strength * 1.3 + gain + rng.gauss(0, 0.08), 0.05, 3.5),
                    clamp(strength * 2 + gain + rng.gauss(0, 0.1), 0.1, 3.5),
                    clamp(rng.gauss(85 + 10 * (t > 0), 12), 20, 130),
                    clamp(rng.gauss(0 + 8 * (t > 0), 6), -25, 40),
                    clamp(rng.gauss(20 + 8 * (t > 0), 8), -5, 60),
                    clamp(rng.gauss(30 + 30 * (t > 0), 12), 0, 84)))


if __name__ == "__main__":
    main()
