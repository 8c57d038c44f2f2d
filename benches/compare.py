#!/usr/bin/env python3
"""Decodes the benchmark's search_read answers with Python's standard library.

Usage: compare.py JSONRPC_BODY JSON2_BODY XMLRPC_BODY [REPEAT_JSON [REPEAT_XML]]

What a Python client does with each body: json.loads (then ["result"] for JSON-RPC), and
xmlrpc.client.loads (what ServerProxy runs: expat + the Unmarshaller). Each decode is timed
alone with time.perf_counter, the garbage collector off during the loop (as timeit does),
and the median is printed as JSON on one line, in seconds, with the Python version.
The Rust bench `compare` (cargo bench -p odoo-benches --bench compare) runs this beside
its own decoder on the same files and prints the ratios.
"""
import gc
import json
import statistics
import sys
import time
import xmlrpc.client


def timed(fn, repeat):
    """Medians of (process CPU time, wall time) of `repeat` calls, in seconds."""
    fn()  # warm-up, and a check that it decodes
    cpu, wall = [], []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            c0, w0 = time.process_time(), time.perf_counter()
            fn()
            c1, w1 = time.process_time(), time.perf_counter()
            cpu.append(c1 - c0)
            wall.append(w1 - w0)
    finally:
        gc.enable()
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], "rb") as f:
        jsonrpc = f.read()
    with open(argv[2], "rb") as f:
        json2 = f.read()
    with open(argv[3], "rb") as f:
        xml = f.read()
    repeat_json = int(argv[4]) if len(argv) > 4 else 15
    repeat_xml = int(argv[5]) if len(argv) > 5 else 5

    assert len(json.loads(jsonrpc)["result"]) == len(json.loads(json2))
    (records,), _ = xmlrpc.client.loads(xml)
    assert len(records) == len(json.loads(json2))

    result = {
        "python": sys.version.split()[0],
        "records": len(records),
        "jsonrpc_json_loads": timed(lambda: json.loads(jsonrpc)["result"], repeat_json),
        "json2_json_loads": timed(lambda: json.loads(json2), repeat_json),
        "xmlrpc_client_loads": timed(lambda: xmlrpc.client.loads(xml), repeat_xml),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
