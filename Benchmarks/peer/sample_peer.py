"""`offtake sample` of the time-to-botec mixture, as NumPy would do it:

    mixture(0, 1, lognormal(p5=1, p95=10), lognormal(p5=100, p95=10000), weights=[0.6, 0.2, 0.1, 0.1])

Draws the component of each sample, then samples every component vectorised, and summarises like
`offtake sample --format json` (mean, sd, min, max, percentiles 1 … 99).

Usage: python sample_peer.py N [--seed S]
Prints the seconds after NumPy is loaded (the draws, and the draws with the summary).
"""
import argparse
import json
import time

import numpy as np

LEVELS = [1, 5, 10, 25, 50, 75, 90, 95, 99]


def lognormal_from_p5_p95(p5, p95):
    z = 1.6448536269514722  # Φ⁻¹(0.95)
    mu = (np.log(p5) + np.log(p95)) / 2
    sigma = (np.log(p95) - np.log(p5)) / (2 * z)
    return mu, sigma


def draw(rng, n):
    weights = np.array([0.6, 0.2, 0.1, 0.1])
    component = rng.choice(4, size=n, p=weights)
    x = np.empty(n)
    x[component == 0] = 0.0
    x[component == 1] = 1.0
    for k, (p5, p95) in ((2, (1, 10)), (3, (100, 10000))):
        mask = component == k
        mu, sigma = lognormal_from_p5_p95(p5, p95)
        x[mask] = rng.lognormal(mu, sigma, mask.sum())
    return x


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    x = draw(rng, args.n)
    drawn = time.perf_counter()
    summary = {"n": args.n, "mean": float(x.mean()), "sd": float(x.std(ddof=1)), "min": float(x.min()), "max": float(x.max()),
               "quantiles": dict(zip([f"p{q}" for q in LEVELS], np.percentile(x, LEVELS).tolist()))}
    done = time.perf_counter()
    print(json.dumps({"seconds_draws": drawn - started, "seconds_total": done - started, "summary": summary}))


if __name__ == "__main__":
    main()
