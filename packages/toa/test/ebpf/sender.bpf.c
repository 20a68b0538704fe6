// SPDX-License-Identifier: (MIT OR GPL-2.0-only)
/*
 * TEST ONLY: plays the layer-4 proxy. Attached to the cgroup of a test client, it writes the TCP
 * option held in `sender_option` into the client's final ACK of the handshake (mode 0) or into
 * its first packet with payload (mode 1), through the TCP header-option API (Linux 5.10):
 *
 *   ACTIVE_ESTABLISHED_CB  the SYN-ACK arrived, the final ACK is not sent yet: ask for the
 *                          header-option callbacks (BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG)
 *   HDR_OPT_LEN_CB         reserve room for the option in the packet being built
 *   WRITE_HDR_OPT_CB       write it, then stop: later packets carry no option
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#define TCP_OPTIONS_MAX 40
#define MODE_FINAL_ACK 0
#define MODE_FIRST_DATA 1

struct sender_option {
	__u32 mode;
	__u32 len;                  /* of the option, kind and length bytes included */
	__u8 bytes[TCP_OPTIONS_MAX]; /* | kind | len | ... | as on the wire */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sender_option);
} sender_option SEC(".maps");

/* Whether this outgoing packet is the one to carry the option. */
static __always_inline int wanted(struct bpf_sock_ops *skops, struct sender_option *option)
{
	return option->mode == MODE_FINAL_ACK ? 1 : skops->skb_len > 0;
}

SEC("sockops")
int realip_test_sender(struct bpf_sock_ops *skops)
{
	__u32 zero = 0;
	struct sender_option *option = bpf_map_lookup_elem(&sender_option, &zero);
	__u32 len;

	if (!option)
		return 1;
	len = option->len;
	if (len < 2 || len > TCP_OPTIONS_MAX)
		return 1;
	switch (skops->op) {
	case BPF_SOCK_OPS_ACTIVE_ESTABLISHED_CB:
		bpf_sock_ops_cb_flags_set(skops, skops->bpf_sock_ops_cb_flags |
						 BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG);
		break;
	case BPF_SOCK_OPS_HDR_OPT_LEN_CB:
		if (wanted(skops, option))
			bpf_reserve_hdr_opt(skops, len, 0);
		break;
	case BPF_SOCK_OPS_WRITE_HDR_OPT_CB:
		if (!wanted(skops, option))
			break;
		bpf_store_hdr_opt(skops, option->bytes, len, 0);
		bpf_sock_ops_cb_flags_set(skops, skops->bpf_sock_ops_cb_flags &
						 ~BPF_SOCK_OPS_WRITE_HDR_OPT_CB_FLAG);
		break;
	}
	return 1;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
