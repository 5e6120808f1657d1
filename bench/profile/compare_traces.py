#!/usr/bin/env python3
"""Compares two Chrome traces of libtorch's profiler (ours: BenchWorker --profile; the peer's: torch_peer.py
--profile), each covering the same number of iterations: per operator, its self time (its duration less its
children's) summed over all threads, ours against the peer's; per trace its span and the time inside top-level
operators (the difference is the caller's own work, Java or Python, and the gaps); with --shapes, the largest
operators split by input sizes.

    python3 bench/profile/compare_traces.py OURS.json PEER.json [--top 30] [--shapes N]
"""
import argparse
import collections
import json


def load(path):
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    # ours (DJL's legacy profiler) has no categories; the peer's operators are cpu_op, its optimizer user_annotation
    return [e for e in events if e.get("ph") == "X" and "dur" in e and e.get("cat", "cpu_op") in ("cpu_op", "user_annotation")]


def shape_of(e):
    """The input sizes of an event (ours: "shape", the peer: args "Input Dims"), first three inputs."""
    dims = e.get("shape") or e.get("args", {}).get("Input Dims") or []
    return str(dims[:3])


def by_shape(events, name):
    t = collections.Counter()
    n = collections.Counter()
    for e in events:
        if e["name"] == name:
            t[shape_of(e)] += float(e["dur"])
            n[shape_of(e)] += 1
    return t, n


def self_times(events):
    """Self time and calls per name, the time inside top-level operators (all threads) and the longest thread's span."""
    by_tid = collections.defaultdict(list)
    for e in events:
        by_tid[e.get("tid")].append((float(e["ts"]), float(e["dur"]), e["name"]))
    self_t = collections.Counter()
    calls = collections.Counter()
    top = 0.0
    span = 0.0
    for tid, evs in by_tid.items():
        evs.sort(key=lambda t: (t[0], -t[1]))
        stack = []  # [end, name, duration, children's time]
        first = evs[0][0]
        last = max(ts + d for ts, d, _ in evs)
        span = max(span, last - first)

        def pop():
            end, name, dur, child = stack.pop()
            self_t[name] += dur - child
            if stack:
                stack[-1][3] += dur
        for ts, d, name in evs:
            while stack and ts >= stack[-1][0] - 1e-6:
                pop()
            if not stack:
                top += d
            stack.append([ts + d, name, d, 0.0])
            calls[name] += 1
        while stack:
            pop()
    return self_t, calls, top, span


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ours")
    p.add_argument("peer")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--shapes", type=int, default=0, help="per-shape split (total time) of the N largest operators")
    a = p.parse_args()
    ours_events, peer_events = load(a.ours), load(a.peer)
    o, oc, otop, ospan = self_times(ours_events)
    q, qc, qtop, qspan = self_times(peer_events)
    print(f"span ms: ours {ospan / 1e3:.1f}  peer {qspan / 1e3:.1f}  ratio {ospan / qspan:.2f}")
    print(f"in operators (top level) ms: ours {otop / 1e3:.1f}  peer {qtop / 1e3:.1f}")
    print(f"self time of all operators ms: ours {sum(o.values()) / 1e3:.1f}  peer {sum(q.values()) / 1e3:.1f}")
    names = sorted(set(o) | set(q), key=lambda n: -max(o.get(n, 0), q.get(n, 0)))
    print(f"{'operator':48s} {'ours ms':>9s} {'calls':>6s} {'peer ms':>9s} {'calls':>6s} {'ours/peer':>9s}")
    for n in names[:a.top]:
        r = o.get(n, 0) / q[n] if q.get(n) else float("inf")
        print(f"{n[:48]:48s} {o.get(n, 0) / 1e3:9.1f} {oc.get(n, 0):6d} {q.get(n, 0) / 1e3:9.1f} {qc.get(n, 0):6d} {r:9.2f}")
    for n in [n for n in names if n.startswith(("aten::", "mkldnn::"))][:a.shapes]:
        ot, on = by_shape(ours_events, n)
        pt, pn = by_shape(peer_events, n)
        print(f"\n{n} by input sizes (total ms, calls)")
        for k in sorted(set(ot) | set(pt), key=lambda k: -max(ot.get(k, 0), pt.get(k, 0)))[:10]:
            r = ot.get(k, 0) / pt[k] if pt.get(k) else float("inf")
            print(f"  {k[:66]:66s} ours {ot.get(k, 0) / 1e3:8.1f} ({on.get(k, 0)}) peer {pt.get(k, 0) / 1e3:8.1f} ({pn.get(k, 0)}) {r:6.2f}")


if __name__ == "__main__":
    main()
