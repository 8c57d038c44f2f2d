#!/usr/bin/env bash
# Runs one fuzz target for a number of executions (default 10 million) with the flags of
# FUZZING.md, over its corpus (fuzz/corpus/<target>, from seeds.py) and committed seeds;
# the log goes to fuzz/logs/<target>.log.
#
#   fuzz/run.sh TARGET [RUNS]
set -euo pipefail
cd "$(dirname "$0")"
target=$1
runs=${2:-10000000}
mkdir -p "corpus/$target" logs
start=$(date +%s)
cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" \
  "corpus/$target" "seeds/$target" -- \
  -runs="$runs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  2>&1 | tee "logs/$target.log"
status=${PIPESTATUS[0]}
echo "wall_seconds: $(( $(date +%s) - start ))  exit: $status" | tee -a "logs/$target.log"
exit "$status"
