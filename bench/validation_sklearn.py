#!/usr/bin/python3
"""The validation of bench/validation_bench.cc written with XGBoost's Python
package and scikit-learn, on the same CSV and the same folds.

Reads DIR/validation.csv and DIR/validation_report.json (written by
validation_bench, which records its outer folds, bootstrap samples and inner
tuning folds), runs the same protocol -- for each outer training set a
GridSearchCV over the same 12 candidates on the recorded inner folds, refit,
predict -- for 5 x 5 CV and Harrell's bootstrap, with the outer tasks spread
over 2 processes (joblib), and prints both times and both sets of numbers.

XGBoost gets the same parameters (hist, max_bin 64, subsample 0.8, one
thread per fit, the same seed), rows in the same order, the same float32
values, so the XGBoost numbers agree to rounding. The ridge baseline uses
scikit-learn's own 5-fold CV (different folds), so it agrees only roughly.

Usage: bench/validation_sklearn.py [DIR] [--jobs 2]
"""
import argparse
import json
import time

import numpy as np
import xgboost as xgb
from joblib import Parallel, delayed
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# The default grid of include/thaplan/validation.h (TuningGrid).
GRID = {"learning_rate": [0.05, 0.1], "max_depth": [2, 3, 4],
        "min_child_weight": [1], "n_estimators": [100, 300], "subsample": [0.8]}
ALPHAS = 10.0 ** (np.arange(-12, 17) / 4)  # DefaultRidgeLambdas


def fit_predict(x, y, preop, split, seed):
    train = np.asarray(split["train"], dtype=np.int64)
    test = np.asarray(split["test"], dtype=np.int64)
    m = len(train)
    inner = [(np.setdiff1d(np.arange(m), t), np.asarray(t, dtype=np.int64))
             for t in split["inner_test"]]
    x_train, y_train = x[train], y[train]
    model = xgb.XGBRegressor(tree_method="hist", max_bin=64, colsample_bytree=1,
                             n_jobs=1, random_state=seed)
    search = GridSearchCV(model, GRID, cv=inner, scoring="neg_mean_squared_error",
                          refit=True, n_jobs=1)
    search.fit(x_train, y_train)
    ridge = GridSearchCV(make_pipeline(SimpleImputer(), StandardScaler(), Ridge()),
                         {"ridge__alpha": ALPHAS}, scoring="neg_mean_squared_error",
                         cv=KFold(5, shuffle=True, random_state=0))
    ridge.fit(x_train, y_train)
    return {"xgboost": search.best_estimator_.predict(x[test]).astype(np.float64),
            "ridge": ridge.predict(x[test]),
            "mean": np.full(len(test), y_train.mean()),
            "carried_forward": preop[test]}


def cv_r2(y, splits, preds, repeats, folds):
    out = {}
    for model in preds[0]:
        per_repeat = []
        for r in range(repeats):
            oof = np.full(len(y), np.nan)
            for f in range(folds):
                i = r * folds + f
                oof[np.asarray(splits[i]["test"])] = preds[i][model]
            per_repeat.append(r2_score(y, oof))
        out[model] = float(np.mean(per_repeat))
    return out


def bootstrap_r2(y, splits, preds):
    out = {}
    for model in preds[0]:
        apparent = r2_score(y, preds[0][model])
        optimism = []
        for s, p in zip(splits[1:], preds[1:]):
            sample = np.asarray(s["train"])
            optimism.append(r2_score(y[sample], p[model][sample]) - r2_score(y, p[model]))
        out[model] = apparent - float(np.mean(optimism))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="/tmp/thaplan_validation_bench")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with open(f"{args.dir}/validation_report.json") as f:
        report = json.load(f)
    header = open(f"{args.dir}/validation.csv").readline().strip().split(",")
    data = np.genfromtxt(f"{args.dir}/validation.csv", delimiter=",", skip_header=1,
                         usecols=range(len(header) - 1), missing_values="",
                         filling_values=np.nan)
    features = report["features"]
    x = data[:, [header.index(c) for c in features]].astype(np.float32)
    seed = report["seed"] % 2**31
    bench = report["bench"]
    start = time.perf_counter()
    results = []
    with Parallel(n_jobs=args.jobs) as parallel:
        for target in report["targets"]:
            name = target["target"]
            y = data[:, header.index(name)]
            preop = data[:, header.index("preop_" + name)]
            for protocol in target["protocols"]:
                splits = protocol["splits"]
                preds = parallel(delayed(fit_predict)(x, y, preop, s, seed) for s in splits)
                if protocol["protocol"] == "cv":
                    ours = cv_r2(y, splits, preds, bench["repeats"], bench["folds"])
                else:
                    ours = bootstrap_r2(y, splits, preds)
                theirs = {m["model"]: m["metrics"]["r2"]["value"] for m in protocol["models"]}
                results.append((name, protocol["protocol"], ours, theirs))
    seconds = time.perf_counter() - start
    print(f"python3-xgboost {xgb.__version__} + scikit-learn: {seconds:.1f} s "
          f"({args.jobs} processes); thaplan: {bench['seconds']:.1f} s "
          f"({bench['threads']} threads); ratio {seconds / bench['seconds']:.2f}")
    for name, protocol, ours, theirs in results:
        for model in ("xgboost", "ridge", "mean", "carried_forward"):
            print(f"  {name} {protocol:9s} {model:15s} python r2 {ours[model]:+.6f}  "
                  f"thaplan r2 {theirs[model]:+.6f}  diff {ours[model] - theirs[model]:+.1e}")


if __name__ == "__main__":
    main()
