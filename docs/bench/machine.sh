#!/usr/bin/env bash
# Prints what the figures were measured on: cores, CPU, memory, kernel, the disk and file system
# under the benchmark directory, the tools' versions and the load at the time.

source "$(dirname "$0")/lib.sh"

echo "date:        $(date -u +%FT%TZ)"
echo "cores:       $(nproc)"
echo "cpu:         $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)," \
    "$(awk -F': ' '/^cpu MHz/ { print $2 " MHz"; exit }' /proc/cpuinfo)" \
    "$(grep -q hypervisor /proc/cpuinfo && echo '(virtual machine)')"
echo "memory:      $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "kernel:      $(uname -sr)"
echo "os:          $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "bench dir:   $BENCH_DIR on $(findmnt -no SOURCE,FSTYPE,OPTIONS -T "$BENCH_DIR")"
echo "rustc:       $(rustc --version 2>/dev/null || echo unknown)"
echo "wrk:         $(wrk --version 2>&1 | head -1 || true)"
echo "sqlite3:     $(sqlite3 --version | cut -d' ' -f1)"
echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
