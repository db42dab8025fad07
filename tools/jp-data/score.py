#!/usr/bin/env python3
"""Per-field accuracy of `mynaform jp normalize` on a corpus file (JSON lines of {claims, expected}).

    python3 tools/jp-data/score.py jp/tests/corpus/addresses.jsonl [path/to/mynaform]
"""
import collections
import json
import subprocess
import sys


def main():
    corpus = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "mynaform"
    cases = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    stdin = "".join(json.dumps(c["claims"], ensure_ascii=False) + "\n" for c in cases)
    run = subprocess.run([binary, "jp", "normalize"], input=stdin.encode(), capture_output=True, check=True)
    results = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert len(results) == len(cases), "one output line per input line"
    right, total = collections.Counter(), collections.Counter()
    failures = []
    for case, result in zip(cases, results):
        group = "with code" if "local_gov_code_unicode" in case["claims"] else "without code"
        for field, expected in case["expected"].items():
            total[(group, field)] += 1
            if result.get(field) == expected:
                right[(group, field)] += 1
            else:
                failures.append((field, expected, result.get(field), case["claims"]))
    for key in sorted(total):
        print(f"{key[0]:<13} {key[1]:<16} {right[key]:>6}/{total[key]:<6} {100 * right[key] / total[key]:7.2f}%")
    for failure in failures[:20]:
        print("FAIL", *failure)


if __name__ == "__main__":
    main()
