# clang, llvm, libbpf-dev and bpftool build @realip/toa's eBPF TOA receiver (packages/toa/ebpf/,
# shipped in its tarball: check:pkg requires it under CI) and load it in the end-to-end suites;
# tcpdump is the third-party decoder that checks the TCP options our test sender puts on the wire;
# iproute2 gives `ip` for the loopback aliases.
apt_install clang llvm libbpf-dev bpftool tcpdump iproute2
