#!/usr/bin/env bash
# Builds the TOA receiver's eBPF object (dist/ebpf/toa.bpf.o) when clang and bpftool are here.
# vmlinux.h is generated from this kernel's BTF (CO-RE: the object then loads on any kernel with
# BTF, >= 5.10), into dist/, never committed. Without the tools the package still builds (the
# object is simply absent) unless REALIP_REQUIRE_EBPF=1 (CI's check:pkg sets it), which fails.
# Usage: build-ebpf.sh [SOURCE.bpf.c OUTPUT.o]   (default: ebpf/toa.bpf.c -> dist/ebpf/toa.bpf.o)
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-ebpf/toa.bpf.c}
out=${2:-dist/ebpf/toa.bpf.o}
bpftool=$(command -v bpftool || echo /usr/sbin/bpftool)
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -x "$bpftool" ] || missing+=(bpftool)
[ -r /sys/kernel/btf/vmlinux ] || missing+=(/sys/kernel/btf/vmlinux)
[ -r /usr/include/bpf/bpf_helpers.h ] || missing+=(libbpf-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "!!! @realip/toa: eBPF object NOT built, missing ${missing[*]} (apt-get install clang llvm libbpf-dev bpftool)" >&2
  [ "${REALIP_REQUIRE_EBPF:-}" = 1 ] && exit 1
  exit 0
fi
gen=dist/ebpf/include
mkdir -p "$gen" "$(dirname "$out")"
[ -s "$gen/vmlinux.h" ] || "$bpftool" btf dump file /sys/kernel/btf/vmlinux format c > "$gen/vmlinux.h"
arch=$(uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
clang -O2 -g -target bpf -D__TARGET_ARCH_"$arch" -I"$gen" -Wall -Werror -c "$src" -o "$out"
