#!/usr/bin/python3
"""networkx minimum_cut on a cut problem written by cordon-bench-checkpoints.

Usage: checkpoints_networkx.py EDGES   (lines "u v capacity", "inf" = no capacity attribute)
Prints one JSON line: cut value, seconds per call of nx.minimum_cut (calls repeated until a
loop takes at least MIN_LOOP seconds, default 0.1; median of REPS loops, default 3; graph
building not counted), peak memory of this process in MB.
"""
import json
import os
import resource
import sys
import time

import networkx as nx


def main():
    g = nx.DiGraph()
    with open(sys.argv[1]) as f:
        for line in f:
            u, v, c = line.split()
            if c == "inf":
                g.add_edge(u, v)
            else:
                g.add_edge(u, v, capacity=int(c))
    reps = int(os.environ.get("REPS", "3"))
    min_loop = float(os.environ.get("MIN_LOOP", "0.1"))
    times = []
    value = None
    for _ in range(reps):
        calls = 0
        t0 = time.perf_counter()
        while True:
            value, _partition = nx.minimum_cut(g, "s", "t")
            calls += 1
            elapsed = time.perf_counter() - t0
            if elapsed >= min_loop:
                break
        times.append(elapsed / calls)
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"networkx": nx.__version__, "cut_value": value, "cut_s": times[len(times) // 2],
                      "nodes": g.number_of_nodes(), "arcs": g.number_of_edges(), "peak_mb": peak}))


if __name__ == "__main__":
    main()
