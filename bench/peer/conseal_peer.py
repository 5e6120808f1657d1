#!/usr/bin/env python3
"""conseal peer of `emn bench --stego --peer`: times conseal's JPEG cost functions and simulators (Python backend)
on the bench cover that the Java side writes.

Usage: conseal_peer.py CONSEAL DIR RUNS
  CONSEAL: the fetched uibk-uncover/conseal (checkout or bare git directory); DIR holds coefficients.npy
  (2-D layout, row 8i+k, column 8j+l) and quant.npy (8x8). Prints one line per algorithm:
  "name costs_seconds simulation_seconds" (medians; simulation timed apart from the costs where conseal allows;
  nsF5 and F5 compute no costs in their simulation: the whole call).
"""
import os
import statistics
import sys
import time

import numpy as np
import scipy.fft

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'stego', 'src', 'test',
                                'resources', 'org', 'efficientmixnet', 'stego', 'embed', 'conseal'))
from conseal_reference import load_conseal  # noqa: E402


def median_time(f, runs):
    f()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    cl = load_conseal(sys.argv[1])
    d = sys.argv[2]
    runs = int(sys.argv[3])
    c = np.load(os.path.join(d, 'coefficients.npy'))
    qt = np.load(os.path.join(d, 'quant.npy')).astype(np.float64)
    h, w = c.shape
    y0 = c.reshape(h // 8, 8, w // 8, 8).transpose(0, 2, 1, 3)
    blocks = scipy.fft.idctn(y0 * qt, axes=(2, 3), norm='ortho')
    x0 = np.clip(np.round(blocks.transpose(0, 2, 1, 3).reshape(h, w) + 128), 0, 255)
    jobs = {
        'j-uniward': (lambda: cl.juniward.compute_cost_adjusted(x0, y0, qt),
                      lambda: cl.juniward.simulate_single_channel(x0, y0, qt, 0.4, seed=1)),
        'uerd': (lambda: cl.uerd.compute_cost_adjusted(y0, qt),
                 lambda: cl.uerd.simulate_single_channel(y0, qt, 0.4, seed=1)),
        'ebs': (lambda: cl.ebs.compute_cost_adjusted(y0, qt),
                lambda: cl.ebs.simulate_single_channel(y0, qt, 0.4, seed=1)),
        'nsf5': (lambda: cl.nsF5.probability(y0, 0.4),
                 lambda: cl.nsF5.simulate_single_channel(y0, 0.4, seed=1)),
        'f5': (lambda: cl.nsF5.probability(y0, 0.4),
               lambda: cl.F5.simulate_single_channel(y0, 0.4, seed=1)),
    }
    # nsF5's and F5's simulate_single_channel compute no costs (nor the probability map): their simulation time
    # is the whole call, not the call minus the probability map
    no_costs_inside = {'nsf5', 'f5'}
    for name, (costs, whole) in jobs.items():
        try:
            tc = median_time(costs, runs)
            tw = median_time(whole, runs)
            ts = tw if name in no_costs_inside else max(tw - tc, 0)
            print(f'{name} {tc:.6f} {ts:.6f}', flush=True)
        except Exception as e:  # an algorithm conseal lacks or whose signature changed
            print(f'{name} error {type(e).__name__}: {e}', flush=True)


if __name__ == '__main__':
    main()
