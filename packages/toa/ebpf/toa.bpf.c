// SPDX-License-Identifier: (MIT OR GPL-2.0-only)
/*
 * realip TOA receiver: makes getpeername() (and so Node's socket.remoteAddress/remotePort)
 * return the client address a layer-4 proxy wrote into a TCP option of the handshake, without a
 * kernel module. Three programs, one per hook, attached to the cgroup of the service:
 *
 *   sockops              reads the option from the packet that completed the handshake
 *                        (BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB, Linux 5.10: skb_data is that ACK)
 *                        and, when it is absent, from the following packets up to the first
 *                        one with payload (BPF_SOCK_OPS_PARSE_HDR_OPT_CB, 5.10), and keeps the
 *                        client in per-socket storage (BPF_MAP_TYPE_SK_STORAGE, 5.2; freed with
 *                        the socket, and deleted by us at TCP_CLOSE so the counters prove it).
 *   cgroup/getpeername4  rewrites user_ip4/user_port for IPv4 sockets (5.8).
 *   cgroup/getpeername6  rewrites user_ip6/user_port for IPv6 sockets, dual-stack '::'
 *                        listeners included: an IPv4 client shows as ::ffff:a.b.c.d (5.8).
 *
 * The option is believed only when the packet's source (the proxy's back-to-origin address) is in
 * the trust map; the vendors' kernel modules believe it from anyone.
 *
 * Option layouts (all fields network order), as in packages/toa/src/tcp-option.ts:
 *
 *   kind 200, len 8   | kind | len | port(2) | IPv4(4) |                 LVS / Tencent TOA
 *   kind 254, len 8   | kind | len | port(2) | IPv4(4) |                 Alibaba, Huawei, dpvs
 *   kind 254, len 20  | kind | len | port(2) | IPv6(16) |                dpvs TCPOLEN_IP6_TOA
 *   kind 253, len 20  | kind | len | port(2) | IPv6(16) |                Alibaba TCPOPT_TOA_V6
 *   kind 252, len 20  | kind | len | port(2) | IPv4(4) | vid(4) | vip(4) | vport(2) | pad(2) |
 *   kind 249, len 40  | kind | len | port(2) | IPv6(16) | vid(3) | rsvd(1) | vip(16) |
 *
 * For the VPC layouts (252, 249) getpeername returns the client (port, IPv4/IPv6); the VPC id and
 * the virtual server address are not part of a socket address and are dropped.
 *
 * 253 and 254 are the RFC 4727 experimental kinds: bpf_load_hdr_opt() insists on an RFC 6994
 * magic for them, so the options are walked by hand here.
 */
#include "vmlinux.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define AF_INET 2
#define AF_INET6 10

/* RFC 9293 section 3.1: End of Option List and No-Operation are one byte long. */
#define TCPOPT_EOL 0
#define TCPOPT_NOP 1
/* A TCP header is 20 bytes plus at most 40 bytes of options (data offset is 4 bits of words). */
#define TCP_HEADER_MIN 20
#define TCP_OPTIONS_MAX 40
/* The stack copy of the options is read at (offset & 63) + up to 39, so 128 bytes cover it. */
#define OPTIONS_BUFFER 128
#define OFFSET_MASK 63

/* One slot per kind in the counters map. */
enum toa_slot { SLOT_200, SLOT_254, SLOT_253, SLOT_252, SLOT_249, SLOT_COUNT };

/* Counters per kind: seen = rewritten + untrusted + malformed + unusable. */
enum toa_counter {
	COUNTER_SEEN,      /* an option of an enabled kind was found */
	COUNTER_REWRITTEN, /* stored: this socket's peer now reads as the client */
	COUNTER_UNTRUSTED, /* ignored: the packet's source is not in the trust map */
	COUNTER_MALFORMED, /* ignored: a length that no layout of the kind has */
	COUNTER_UNUSABLE,  /* ignored: an IPv6 client on an IPv4 socket cannot be written */
	COUNTER_COUNT,
};

/* Counters for the whole program, after the per-kind ones. */
enum toa_global {
	GLOBAL_RELEASED,    /* per-socket entries deleted at TCP_CLOSE */
	GLOBAL_GETPEERNAME, /* getpeername() calls answered with a client */
	GLOBAL_NO_OPTION,   /* connections whose first payload arrived with no enabled option */
	GLOBAL_COUNT,
};

#define COUNTERS (SLOT_COUNT * COUNTER_COUNT + GLOBAL_COUNT)

/* Which kinds are believed: enabled[kind] is 1; written by the loader before attaching. */
struct toa_config {
	__u8 enabled[256];
};

/* The client, as getpeername must return it. IPv4 clients are kept v4-mapped (::ffff:a.b.c.d). */
struct toa_peer {
	__u32 addr[4]; /* network order */
	__u16 port;    /* network order */
	__u8 family;   /* 4 or 6 */
	__u8 kind;
};

/* LPM trie key: every address as IPv6, IPv4 v4-mapped, so one trie holds both families. */
struct toa_trust_key {
	__u32 prefixlen;
	__u8 addr[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct toa_peer);
} toa_peers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 4096);
	__type(key, struct toa_trust_key);
	__type(value, __u8);
} toa_trust SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct toa_config);
} toa_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} toa_counters SEC(".maps");

static __always_inline void count(__u32 index)
{
	__u64 *value = bpf_map_lookup_elem(&toa_counters, &index);

	if (value)
		__sync_fetch_and_add(value, 1);
}

static __always_inline void count_kind(int slot, enum toa_counter counter)
{
	count(slot * COUNTER_COUNT + counter);
}

static __always_inline void count_global(enum toa_global counter)
{
	count(SLOT_COUNT * COUNTER_COUNT + counter);
}

/* The slot of an option kind, or -1 for a kind that is not a TOA kind. */
static __always_inline int slot_of(__u8 kind)
{
	switch (kind) {
	case 200: return SLOT_200;
	case 254: return SLOT_254;
	case 253: return SLOT_253;
	case 252: return SLOT_252;
	case 249: return SLOT_249;
	default: return -1;
	}
}

/* The client's address size for a kind and length (see the layouts above), 0 for none. */
static __always_inline int address_size(__u8 kind, __u8 len)
{
	switch (kind) {
	case 200: return len == 8 ? 4 : 0;
	case 254: return len == 8 ? 4 : len == 20 ? 16 : 0;
	case 253: return len == 20 ? 16 : 0;
	case 252: return len == 20 ? 4 : 0;
	case 249: return len == 40 ? 16 : 0;
	default: return 0;
	}
}

/*
 * The packet's source as IPv6: v4-mapped for an IPv4 socket; an IPv4 peer of a dual-stack
 * socket already reads as ::ffff:a.b.c.d in remote_ip6. Every field is read (volatile) and the
 * values selected afterwards: clang otherwise merges the two loads into one from a computed ctx
 * offset, which the verifier rejects ("dereference of modified ctx ptr").
 */
static __always_inline void source_address(struct bpf_sock_ops *skops, __u32 *words)
{
	__u32 ip4 = *(volatile __u32 *)&skops->remote_ip4;
	__u32 w0 = *(volatile __u32 *)&skops->remote_ip6[0];
	__u32 w1 = *(volatile __u32 *)&skops->remote_ip6[1];
	__u32 w2 = *(volatile __u32 *)&skops->remote_ip6[2];
	__u32 w3 = *(volatile __u32 *)&skops->remote_ip6[3];
	int v6 = skops->family == AF_INET6;

	words[0] = v6 ? w0 : 0;
	words[1] = v6 ? w1 : 0;
	words[2] = v6 ? w2 : bpf_htonl(0xffff);
	words[3] = v6 ? w3 : ip4;
}

/* The packet of this callback: a TCP header in [data, end) (NULL outside the skb callbacks). */
struct packet {
	void *data;
	void *end;
};

enum toa_found { TOA_NONE, TOA_FOUND };

/*
 * Copies the TCP options of the packet in skops->skb_data (a TCP header) to `buf` and returns
 * the offset of the first option whose kind is enabled, or -1. A packet pointer advanced by
 * option lengths would need a bounds proof on every path; a masked index into a stack copy does
 * not. The loop body only steps: what is done with the option is outside it, so the verifier
 * walks that code once instead of once per iteration.
 */
static __always_inline int find_option(struct packet pkt, const __u8 *enabled, __u8 *buf)
{
	void *end = pkt.end;
	struct tcphdr *th = pkt.data;
	__u8 *opts = (__u8 *)(th + 1);
	__u32 optlen, off = 0;
	int i;

	if ((void *)(th + 1) > end)
		return -1;
	optlen = th->doff * 4;
	optlen = optlen > TCP_HEADER_MIN ? optlen - TCP_HEADER_MIN : 0;
	if (optlen > TCP_OPTIONS_MAX)
		optlen = TCP_OPTIONS_MAX;
	/* Options are a whole number of 32-bit words (the data offset counts words). */
	for (i = 0; i < TCP_OPTIONS_MAX; i += 4) {
		if (i >= optlen || (void *)(opts + i + 4) > end)
			break;
		__builtin_memcpy(&buf[i], opts + i, 4);
	}

	for (i = 0; i < TCP_OPTIONS_MAX; i++) {
		__u8 kind = buf[off];
		__u8 len = buf[off + 1];
		/* The step (1 for EOL/NOP, len otherwise) and the masked offset leave every path with
		 * the same range of offsets, so the verifier prunes them: an offset that stays exact
		 * per path (a plain `off += len`) doubled its states per option, past the 1M limit. */
		__u32 single = kind <= TCPOPT_NOP;
		__u32 step = single + (1 - single) * len;

		if (off >= optlen || kind == TCPOPT_EOL)
			break;
		if (!single && (len < 2 || off + len > optlen))
			break; /* a broken option list: stop, as tcp_parse_options() does */
		if (enabled[kind])
			return off;
		off = (off + step) & OFFSET_MASK;
	}
	return -1;
}

/*
 * Acts on the option at buf[at]: stores the client for this socket if the packet came from a
 * trusted source and the layout is known, and counts what happened either way.
 */
static __always_inline void use_option(struct bpf_sock_ops *skops, const __u8 *buf, __u32 at)
{
	struct toa_trust_key key = { .prefixlen = 128 };
	struct toa_peer peer = {};
	struct toa_peer *stored;
	struct bpf_sock *sk;
	__u8 kind, len;
	int slot, size;

	at &= OFFSET_MASK;
	kind = buf[at];
	len = buf[at + 1];
	slot = slot_of(kind);
	if (slot < 0)
		return;
	count_kind(slot, COUNTER_SEEN);
	size = address_size(kind, len);
	if (size == 0) {
		count_kind(slot, COUNTER_MALFORMED);
		return;
	}
	source_address(skops, (__u32 *)key.addr);
	if (!bpf_map_lookup_elem(&toa_trust, &key)) {
		count_kind(slot, COUNTER_UNTRUSTED);
		return;
	}
	if (size == 16 && skops->family == AF_INET) {
		count_kind(slot, COUNTER_UNUSABLE);
		return;
	}
	peer.kind = kind;
	/* port at option offset 2 and address at 4 in every layout; bytes stay in network order */
	__builtin_memcpy(&peer.port, &buf[at + 2], 2);
	if (size == 4) {
		peer.family = 4;
		peer.addr[2] = bpf_htonl(0xffff);
		__builtin_memcpy(&peer.addr[3], &buf[at + 4], 4);
	} else {
		peer.family = 6;
		__builtin_memcpy(peer.addr, &buf[at + 4], 16);
	}
	sk = skops->sk; /* one load: the NULL check must be on the pointer passed */
	if (!sk)
		return;
	stored = bpf_sk_storage_get(&toa_peers, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!stored)
		return;
	*stored = peer;
	count_kind(slot, COUNTER_REWRITTEN);
	/* Know when the socket closes, to delete the entry (and count it). */
	bpf_sock_ops_cb_flags_set(skops,
				  skops->bpf_sock_ops_cb_flags | BPF_SOCK_OPS_STATE_CB_FLAG);
}

/* Looks for an enabled option in this packet and uses it; TOA_FOUND ends the search. */
static __always_inline enum toa_found read_option(struct bpf_sock_ops *skops, struct packet pkt)
{
	__u8 buf[OPTIONS_BUFFER] = {}; /* zeroed: the verifier rejects uninitialised stack */
	struct toa_config *config;
	__u32 zero = 0;
	int at;

	config = bpf_map_lookup_elem(&toa_config, &zero);
	if (!config)
		return TOA_NONE;
	at = find_option(pkt, config->enabled, buf);
	if (at < 0)
		return TOA_NONE;
	use_option(skops, buf, at);
	return TOA_FOUND;
}

static __always_inline int has_payload(struct bpf_sock_ops *skops, struct packet pkt)
{
	struct tcphdr *th = pkt.data;

	if ((void *)(th + 1) > pkt.end)
		return 0;
	return skops->skb_len > th->doff * 4;
}

static __always_inline void stop_parsing(struct bpf_sock_ops *skops)
{
	bpf_sock_ops_cb_flags_set(skops, skops->bpf_sock_ops_cb_flags &
					 ~BPF_SOCK_OPS_PARSE_ALL_HDR_OPT_CB_FLAG);
}

SEC("sockops")
int realip_toa_sockops(struct bpf_sock_ops *skops)
{
	/* Loaded once here: clang merges loads from several inlined sites into one from a computed
	 * ctx offset otherwise, which the verifier rejects ("dereference of modified ctx ptr"). */
	struct packet pkt = {
		.data = (void *)(long)skops->skb_data,
		.end = (void *)(long)skops->skb_data_end,
	};
	struct bpf_sock *sk;

	switch (skops->op) {
	case BPF_SOCK_OPS_PASSIVE_ESTABLISHED_CB:
		if (read_option(skops, pkt) == TOA_NONE) {
			if (has_payload(skops, pkt))
				count_global(GLOBAL_NO_OPTION);
			else /* look at the next packets, up to the first with payload */
				bpf_sock_ops_cb_flags_set(
					skops, skops->bpf_sock_ops_cb_flags |
						       BPF_SOCK_OPS_PARSE_ALL_HDR_OPT_CB_FLAG);
		}
		break;
	case BPF_SOCK_OPS_PARSE_HDR_OPT_CB:
		if (read_option(skops, pkt) == TOA_FOUND) {
			stop_parsing(skops);
		} else if (has_payload(skops, pkt)) {
			count_global(GLOBAL_NO_OPTION);
			stop_parsing(skops);
		}
		break;
	case BPF_SOCK_OPS_STATE_CB:
		/* args[1] is the new state; only sockets with an entry asked for this callback */
		sk = skops->sk;
		if (skops->args[1] == BPF_TCP_CLOSE && sk && bpf_sk_storage_delete(&toa_peers, sk) == 0)
			count_global(GLOBAL_RELEASED);
		break;
	}
	return 1;
}

SEC("cgroup/getpeername4")
int realip_toa_getpeername4(struct bpf_sock_addr *ctx)
{
	struct toa_peer *peer;

	if (!ctx->sk)
		return 1;
	peer = bpf_sk_storage_get(&toa_peers, ctx->sk, 0, 0);
	if (!peer || peer->family != 4)
		return 1;
	ctx->user_ip4 = peer->addr[3];
	ctx->user_port = peer->port;
	count_global(GLOBAL_GETPEERNAME);
	return 1;
}

SEC("cgroup/getpeername6")
int realip_toa_getpeername6(struct bpf_sock_addr *ctx)
{
	struct toa_peer *peer;

	if (!ctx->sk)
		return 1;
	peer = bpf_sk_storage_get(&toa_peers, ctx->sk, 0, 0);
	if (!peer)
		return 1;
	ctx->user_ip6[0] = peer->addr[0];
	ctx->user_ip6[1] = peer->addr[1];
	ctx->user_ip6[2] = peer->addr[2];
	ctx->user_ip6[3] = peer->addr[3];
	ctx->user_port = peer->port;
	count_global(GLOBAL_GETPEERNAME);
	return 1;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
