#!/usr/bin/env python3
"""Summarises a JFR recording (JDK 17 has no `jfr view`): where threads spent CPU, and where they waited.

Usage: jfr-top.py RECORDING.jfr [THREAD_NAME_PREFIX ...]

Prints the most frequent top frames of execution samples, the most frequent 'first frame of ours' (the first
frame in dev.onekycbridge.*), and, for parks, monitor waits, socket reads and file writes, the total time by the
first frame of ours. Only threads whose names start with a given prefix count, when prefixes are given.
"""
import collections
import json
import subprocess
import sys

def events(recording, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(names), recording],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["recording"]["events"]

def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}:{f.get('lineNumber', -1)}"
            for f in trace.get("frames", [])]

def thread_name(event):
    t = event["values"].get("sampledThread") or event["values"].get("eventThread") or {}
    return t.get("javaName") or t.get("osName") or "?"

def ours(stack):
    for f in stack:
        if f.startswith("dev.onekycbridge."):
            return f
    return stack[0] if stack else "?"

def duration_ms(event):
    d = event["values"].get("duration", "PT0S")
    # ISO-8601 like PT0.012345S
    s = d.replace("PT", "").replace("S", "")
    total = 0.0
    if "M" in s:
        m, s = s.split("M")
        total += float(m) * 60
    if s:
        total += float(s)
    return total * 1000

def main():
    recording = sys.argv[1]
    prefixes = sys.argv[2:]
    keep = lambda e: not prefixes or any(thread_name(e).startswith(p) for p in prefixes)
    samples = [e for e in events(recording, ["jdk.ExecutionSample"]) if keep(e)]
    print(f"== CPU: {len(samples)} execution samples" + (f" of threads {prefixes}" if prefixes else ""))
    top = collections.Counter(frames(e)[0] if frames(e) else "?" for e in samples)
    for frame, n in top.most_common(15):
        print(f"  {100.0 * n / max(1, len(samples)):5.1f}%  {frame}")
    print("  -- by first frame in dev.onekycbridge:")
    mine = collections.Counter(ours(frames(e)) for e in samples)
    for frame, n in mine.most_common(15):
        print(f"  {100.0 * n / max(1, len(samples)):5.1f}%  {frame}")
    for kind in ["jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.SocketRead", "jdk.FileWrite", "jdk.FileForce"]:
        waits = [e for e in events(recording, [kind]) if keep(e)]
        if not waits:
            continue
        total = collections.Counter()
        for e in waits:
            total[ours(frames(e))] += duration_ms(e)
        print(f"== {kind}: {len(waits)} events over the threshold, {sum(total.values()):.0f} ms in total")
        for frame, ms in total.most_common(8):
            print(f"  {ms:9.0f} ms  {frame}")

main()
