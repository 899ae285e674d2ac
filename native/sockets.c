/* Raw IP (VRRP, protocol 112) and AF_PACKET sockets. IPv4 sends carry a header built in TypeScript
 * (IP_HDRINCL); IPv6 sends get hop limit 255 and traffic class 0xc0 from socket options, and their
 * source from IPV6_PKTINFO. Receives report the hop limit, destination and interface (ancillary data). */
#define _GNU_SOURCE
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif

#define RECV_BUFFER 65536

static napi_value get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < want) return throw_type(env, "lvsd_net: missing arguments");
  return argv[0];
}

static int set_int(int fd, int level, int name, int value) {
  return setsockopt(fd, level, name, &value, sizeof value);
}

/* openRaw(family 4|6, protocol, ifname): a non-blocking raw socket bound to the device. */
static napi_value open_raw(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv)) return NULL;
  int32_t family, protocol;
  char ifname[IF_NAMESIZE + 1];
  if (!arg_int32(env, argv[0], &family) || !arg_int32(env, argv[1], &protocol) ||
      !arg_string(env, argv[2], ifname, sizeof ifname) || (family != 4 && family != 6))
    return throw_type(env, "openRaw(family 4|6, protocol, ifname)");
  int fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
  if (fd < 0) return throw_errno(env, errno, "socket");
  const char *failed = NULL;
  if (ifname[0] != '\0' && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname)) < 0)
    failed = "setsockopt(SO_BINDTODEVICE)";
  else if (family == 4) {
    if (set_int(fd, IPPROTO_IP, IP_HDRINCL, 1) < 0) failed = "setsockopt(IP_HDRINCL)";
    else if (set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0) < 0) failed = "setsockopt(IP_MULTICAST_LOOP)";
    else if (set_int(fd, IPPROTO_IP, IP_MULTICAST_ALL, 0) < 0) failed = "setsockopt(IP_MULTICAST_ALL)";
    else if (set_int(fd, IPPROTO_IP, IP_PKTINFO, 1) < 0) failed = "setsockopt(IP_PKTINFO)";
  } else {
    if (set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255) < 0) failed = "setsockopt(IPV6_MULTICAST_HOPS)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 255) < 0) failed = "setsockopt(IPV6_UNICAST_HOPS)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_TCLASS, 0xc0) < 0) failed = "setsockopt(IPV6_TCLASS)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0) < 0) failed = "setsockopt(IPV6_MULTICAST_LOOP)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, 0) < 0) failed = "setsockopt(IPV6_MULTICAST_ALL)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) < 0) failed = "setsockopt(IPV6_RECVHOPLIMIT)";
    else if (set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0) failed = "setsockopt(IPV6_RECVPKTINFO)";
  }
  if (failed != NULL) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, failed);
  }
  return make_int(env, fd);
}

static bool parse_addr(int family, const char *text, struct sockaddr_storage *ss, socklen_t *len, int ifindex) {
  memset(ss, 0, sizeof *ss);
  if (family == 4) {
    struct sockaddr_in *sin = (struct sockaddr_in *)ss;
    sin->sin_family = AF_INET;
    *len = sizeof *sin;
    return inet_pton(AF_INET, text, &sin->sin_addr) == 1;
  }
  struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
  sin6->sin6_family = AF_INET6;
  *len = sizeof *sin6;
  if (inet_pton(AF_INET6, text, &sin6->sin6_addr) != 1) return false;
  if (IN6_IS_ADDR_LINKLOCAL(&sin6->sin6_addr) || IN6_IS_ADDR_MULTICAST(&sin6->sin6_addr))
    sin6->sin6_scope_id = ifindex;
  return true;
}

/* joinGroup / leaveGroup(fd, family, group, ifindex). */
static napi_value membership(napi_env env, napi_callback_info info, bool join) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv)) return NULL;
  int32_t fd, family, ifindex;
  char group[INET6_ADDRSTRLEN];
  if (!arg_int32(env, argv[0], &fd) || !arg_int32(env, argv[1], &family) ||
      !arg_string(env, argv[2], group, sizeof group) || !arg_int32(env, argv[3], &ifindex))
    return throw_type(env, "joinGroup(fd, family, group, ifindex)");
  int rc;
  if (family == 4) {
    struct ip_mreqn m = {0};
    if (inet_pton(AF_INET, group, &m.imr_multiaddr) != 1) return throw_type(env, "bad IPv4 group");
    m.imr_ifindex = ifindex;
    rc = setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP, &m, sizeof m);
    if (rc == 0 && join) rc = setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m);
  } else {
    struct ipv6_mreq m = {0};
    if (inet_pton(AF_INET6, group, &m.ipv6mr_multiaddr) != 1) return throw_type(env, "bad IPv6 group");
    m.ipv6mr_interface = ifindex;
    rc = setsockopt(fd, IPPROTO_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &m, sizeof m);
    if (rc == 0 && join) rc = set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex);
  }
  if (rc < 0) return throw_errno(env, errno, join ? "setsockopt(ADD_MEMBERSHIP)" : "setsockopt(DROP_MEMBERSHIP)");
  return make_undefined(env);
}

static napi_value join_group(napi_env env, napi_callback_info info) { return membership(env, info, true); }
static napi_value leave_group(napi_env env, napi_callback_info info) { return membership(env, info, false); }

/* sendTo(fd, family, bytes, destination, ifindex, source|null): bytes sent. IPv4 bytes start with
 * the IP header (IP_HDRINCL); IPv6 bytes are the payload and source/ifindex go in IPV6_PKTINFO. */
static napi_value send_to(napi_env env, napi_callback_info info) {
  napi_value argv[6];
  if (!get_args(env, info, 6, argv)) return NULL;
  int32_t fd, family, ifindex;
  uint8_t *data;
  size_t len;
  char dest[INET6_ADDRSTRLEN], source[INET6_ADDRSTRLEN] = "";
  if (!arg_int32(env, argv[0], &fd) || !arg_int32(env, argv[1], &family) ||
      !arg_bytes(env, argv[2], &data, &len) || !arg_string(env, argv[3], dest, sizeof dest) ||
      !arg_int32(env, argv[4], &ifindex) ||
      (!is_null_or_undefined(env, argv[5]) && !arg_string(env, argv[5], source, sizeof source)))
    return throw_type(env, "sendTo(fd, family, bytes, destination, ifindex, source)");
  struct sockaddr_storage to;
  socklen_t tolen;
  if (!parse_addr(family, dest, &to, &tolen, ifindex)) return throw_type(env, "bad destination address");
  struct iovec iov = {.iov_base = data, .iov_len = len};
  struct msghdr msg = {.msg_name = &to, .msg_namelen = tolen, .msg_iov = &iov, .msg_iovlen = 1};
  char control[CMSG_SPACE(sizeof(struct in6_pktinfo))];
  if (family == 6 && (source[0] != '\0' || ifindex > 0)) {
    memset(control, 0, sizeof control);
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
    struct in6_pktinfo *pi = (struct in6_pktinfo *)CMSG_DATA(c);
    pi->ipi6_ifindex = ifindex;
    if (source[0] != '\0' && inet_pton(AF_INET6, source, &pi->ipi6_addr) != 1)
      return throw_type(env, "bad IPv6 source address");
  }
  ssize_t sent = sendmsg(fd, &msg, 0);
  if (sent < 0) return throw_errno(env, errno, "sendmsg");
  return make_int(env, sent);
}

static void set_str(napi_env env, napi_value obj, const char *key, int family, const void *addr) {
  char text[INET6_ADDRSTRLEN];
  inet_ntop(family, addr, text, sizeof text);
  napi_set_named_property(env, obj, key, make_string(env, text));
}

/* recvFrom(fd, family): null when nothing is queued, else { data, source, destination, ttl, ifindex }.
 * IPv4 data includes the IP header (raw IPv4 sockets always deliver it); ttl is then null and read
 * from the header by the caller. IPv6 data is the payload; ttl is the hop limit. */
static napi_value recv_from(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv)) return NULL;
  int32_t fd, family;
  if (!arg_int32(env, argv[0], &fd) || !arg_int32(env, argv[1], &family))
    return throw_type(env, "recvFrom(fd, family)");
  static uint8_t buf[RECV_BUFFER];
  struct sockaddr_storage from;
  char control[512];
  struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
  struct msghdr msg = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1,
                       .msg_control = control, .msg_controllen = sizeof control};
  ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return make_null(env);
    return throw_errno(env, errno, "recvmsg");
  }
  napi_value out, data, ttl = make_null(env), ifindex = make_null(env), dest = make_null(env);
  napi_create_object(env, &out);
  void *copy;
  napi_create_buffer_copy(env, (size_t)n, buf, &copy, &data);
  napi_set_named_property(env, out, "data", data);
  napi_set_named_property(env, out, "truncated", make_int(env, (msg.msg_flags & MSG_TRUNC) ? 1 : 0));
  if (from.ss_family == AF_INET) set_str(env, out, "source", AF_INET, &((struct sockaddr_in *)&from)->sin_addr);
  else set_str(env, out, "source", AF_INET6, &((struct sockaddr_in6 *)&from)->sin6_addr);
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
    char text[INET6_ADDRSTRLEN];
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(c);
      ifindex = make_int(env, pi->ipi_ifindex);
      inet_ntop(AF_INET, &pi->ipi_addr, text, sizeof text);
      dest = make_string(env, text);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      struct in6_pktinfo *pi = (struct in6_pktinfo *)CMSG_DATA(c);
      ifindex = make_int(env, pi->ipi6_ifindex);
      inet_ntop(AF_INET6, &pi->ipi6_addr, text, sizeof text);
      dest = make_string(env, text);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
      int hl;
      memcpy(&hl, CMSG_DATA(c), sizeof hl);
      ttl = make_int(env, hl);
    }
  }
  napi_set_named_property(env, out, "destination", dest);
  napi_set_named_property(env, out, "ttl", ttl);
  napi_set_named_property(env, out, "ifindex", ifindex);
  return out;
}

/* openPacket(ifindex): an AF_PACKET socket for sending whole Ethernet frames (it receives nothing). */
static napi_value open_packet(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  int32_t ifindex;
  if (!arg_int32(env, argv[0], &ifindex)) return throw_type(env, "openPacket(ifindex)");
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "socket(AF_PACKET)");
  struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = 0, .sll_ifindex = ifindex};
  if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0) {
    int err = errno;
    close(fd);
    return throw_errno(env, err, "bind(AF_PACKET)");
  }
  return make_int(env, fd);
}

/* sendPacket(fd, ifindex, frame): the frame starts with the Ethernet header. */
static napi_value send_packet(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv)) return NULL;
  int32_t fd, ifindex;
  uint8_t *frame;
  size_t len;
  if (!arg_int32(env, argv[0], &fd) || !arg_int32(env, argv[1], &ifindex) ||
      !arg_bytes(env, argv[2], &frame, &len) || len < ETH_HLEN)
    return throw_type(env, "sendPacket(fd, ifindex, frame)");
  struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_ifindex = ifindex, .sll_halen = ETH_ALEN};
  memcpy(&to.sll_protocol, frame + 12, 2);
  memcpy(to.sll_addr, frame, ETH_ALEN);
  ssize_t sent = sendto(fd, frame, len, 0, (struct sockaddr *)&to, sizeof to);
  if (sent < 0) return throw_errno(env, errno, "sendto(AF_PACKET)");
  return make_int(env, sent);
}

static napi_value close_fd(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  int32_t fd;
  if (!arg_int32(env, argv[0], &fd)) return throw_type(env, "close(fd)");
  if (close(fd) < 0) return throw_errno(env, errno, "close");
  return make_undefined(env);
}

/* ifIndex(name): the interface index, 0 when there is no such interface. */
static napi_value if_index(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  if (!get_args(env, info, 1, argv)) return NULL;
  char name[IF_NAMESIZE + 1];
  if (!arg_string(env, argv[0], name, sizeof name)) return throw_type(env, "ifIndex(name)");
  return make_int(env, if_nametoindex(name));
}

void sockets_init(napi_env env, napi_value exports) {
  export_fn(env, exports, "openRaw", open_raw);
  export_fn(env, exports, "joinGroup", join_group);
  export_fn(env, exports, "leaveGroup", leave_group);
  export_fn(env, exports, "sendTo", send_to);
  export_fn(env, exports, "recvFrom", recv_from);
  export_fn(env, exports, "openPacket", open_packet);
  export_fn(env, exports, "sendPacket", send_packet);
  export_fn(env, exports, "close", close_fd);
  export_fn(env, exports, "ifIndex", if_index);
}
