#!/usr/bin/env bash
# One line per fuzzing log: target, last libFuzzer status (executions, coverage, features, corpus), findings.
cd "$(dirname "$0")/logs" || exit 1
printf '%-34s %10s %6s %6s %8s  %s\n' target executions cov ft corpus findings
for f in *.log; do
  last=$(grep -aE '^#[0-9]+[[:space:]]' "$f" | tail -1)
  execs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
  cov=$(echo "$last" | sed -nE 's/.*cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.*ft: ([0-9]+).*/\1/p')
  corp=$(echo "$last" | sed -nE 's/.*corp: ([0-9]+)\/.*/\1/p')
  findings=$(grep -ac 'Test unit written to' "$f")
  printf '%-34s %10s %6s %6s %8s  %s\n' "${f%.log}" "$execs" "$cov" "$ft" "$corp" "$findings"
done
