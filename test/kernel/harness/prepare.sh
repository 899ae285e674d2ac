#!/usr/bin/env bash
# Prepares the kernel suite's QEMU guest: Debian's stock kernel (it ships IPVS as modules),
# busybox-static and ipvsadm with its libraries, fetched with `apt-get download` and unpacked into
# the cache (never installed on the host, never written to the repository), and an initramfs that
# loads the modules the tests need, mounts the host's / read-only over 9p with a RAM overlay,
# mounts a writable results share and runs the job the host put there.
#
#   bash test/kernel/harness/prepare.sh        prepare (idempotent); prints KEY=VALUE lines last
#
# Cache: $LVSD_QEMU_CACHE, default /var/cache/lvsd-test. Pin the kernel with LVSD_KERNEL_PKG
# (e.g. linux-image-6.1.0-56-amd64); default: what linux-image-amd64 depends on, or else the newest
# kernel already in the cache. On failure the last line on stderr says why.
set -euo pipefail

CACHE=${LVSD_QEMU_CACHE:-/var/cache/lvsd-test}
HERE=$(cd "$(dirname "$0")" && pwd)
say() { printf '[kernel-harness +%ss] %s\n' "$SECONDS" "$*" >&2; }
die() { printf 'cannot prepare the QEMU guest: %s\n' "$*" >&2; exit 1; }

command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 is missing (apt-get install -y qemu-system-x86)"
command -v dpkg-deb >/dev/null || die "dpkg-deb is missing"
mkdir -p "$CACHE/debs" || die "cannot create $CACHE"
cd "$CACHE"

# ------------------------------------------------------------------ packages
kernel_dep() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'; }
KPKG=${LVSD_KERNEL_PKG:-}
if [ -z "$KPKG" ] && command -v apt-cache >/dev/null; then
  KPKG=$(kernel_dep)
  if [ -z "$KPKG" ] && ! ls debs/linux-image-[0-9]*.deb >/dev/null 2>&1; then
    say "apt-get update (no package lists yet)"
    apt-get update -qq >/dev/null 2>&1 || true
    KPKG=$(kernel_dep)
  fi
fi
fetch() { # $1 = package; downloads its .deb into debs/ unless one is there
  ls debs/"$1"_*.deb >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null || die "$1 is not cached and apt-get is missing"
  say "apt-get download $1"
  (cd debs && apt-get download -q "$1" >/dev/null 2>&1) ||
    { apt-get update -qq >/dev/null 2>&1; (cd debs && apt-get download -q "$1" >/dev/null 2>&1); } ||
    die "apt-get download $1 failed"
}
[ -n "$KPKG" ] && fetch "$KPKG"
for p in busybox-static ipvsadm libnl-3-200 libnl-genl-3-200 libpopt0; do fetch "$p"; done
if [ -n "$KPKG" ]; then
  KDEB=$(ls debs/"$KPKG"_*.deb | sort -V | tail -1)
else
  KDEB=$(ls debs/linux-image-[0-9]*-amd64_*.deb 2>/dev/null | sort -V | tail -1 || true)
fi
[ -n "$KDEB" ] || die "no kernel package: apt-cache cannot resolve linux-image-amd64 and none is cached"
KV=$(basename "$KDEB" | sed -E 's/^linux-image-([^_]+)_.*/\1/')

# ------------------------------------------------------------------ kernel tree (only what we load)
KROOT=$CACHE/kernel/$KV
if [ ! -f "$KROOT/.complete" ]; then
  say "unpacking $KV"
  rm -rf "$KROOT"; mkdir -p "$KROOT"
  M=./lib/modules/$KV
  dpkg-deb --fsys-tarfile "$KDEB" | tar -x -C "$KROOT" --wildcards \
    './boot/vmlinuz-*' "$M/modules.order" "$M/modules.builtin" "$M/kernel/net/*" "$M/kernel/lib/*" \
    "$M/kernel/crypto/*" "$M/kernel/fs/9p/*" "$M/kernel/fs/netfs/*" "$M/kernel/fs/fscache/*" \
    "$M/kernel/fs/overlayfs/*" "$M/kernel/drivers/virtio/*" "$M/kernel/drivers/net/dummy.ko" \
    "$M/kernel/drivers/net/veth.ko" || die "cannot unpack $KDEB"
  touch "$KROOT/.complete"
fi
PKGS=$CACHE/pkgs
if [ ! -f "$PKGS/.complete" ]; then
  rm -rf "$PKGS"; mkdir -p "$PKGS"
  for d in busybox-static ipvsadm libnl-3-200 libnl-genl-3-200 libpopt0; do
    dpkg-deb -x "$(ls debs/"$d"_*.deb | sort -V | tail -1)" "$PKGS"
  done
  touch "$PKGS/.complete"
fi
BB=$PKGS/bin/busybox
[ -x "$BB" ] || die "busybox-static did not unpack to $BB"

# ------------------------------------------------------------------ initramfs
# The modules the tests use; whatever this kernel lacks is named and left out.
MODS="crc32c_generic virtio_pci 9pnet_virtio 9p overlay dummy veth bridge
ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq
ip_vs_mh ip_vs_fo ip_vs_ovf ip_vs_twos ip_vs_pe_sip nf_tables nft_numgen nf_conntrack ipip ip_gre fou
ip6_tunnel tunnel4"
STAMP=$(cat "$HERE/prepare.sh" "$HERE/init.sh" | sha256sum | cut -c1-16)
IMG=$CACHE/initramfs-$KV-$STAMP.cpio.gz
if [ ! -f "$IMG" ]; then
  say "building the initramfs for $KV"
  [ -f "$KROOT/lib/modules/$KV/modules.dep" ] || "$BB" depmod -b "$KROOT" "$KV"
  WORK=$CACHE/initramfs-work
  rm -rf "$WORK"; mkdir -p "$WORK"/{bin,sbin,dev,proc,sys,tmp,run,etc,lib/modules/"$KV"}
  cp "$BB" "$WORK/bin/busybox"
  for a in $("$BB" --list); do [ "$a" = busybox ] || ln -sf busybox "$WORK/bin/$a"; done
  ln -sf ../bin/busybox "$WORK/sbin/modprobe" # the kernel's request_module() runs this
  # every wanted module and what it depends on, from modules.dep
  : > "$CACHE/modules.list"; missing=""; present=""
  for m in $MODS; do
    pattern="/${m//_/[-_]}\\.ko(\\.xz)?:"
    line=$(grep -E "$pattern" "$KROOT/lib/modules/$KV/modules.dep" || true)
    if [ -z "$line" ]; then
      if grep -qE "/${m//_/[-_]}\\.ko" "$KROOT/lib/modules/$KV/modules.builtin"; then continue; fi
      missing="$missing $m"; continue
    fi
    present="$present $m"
    printf '%s\n' "$line" | tr -d ':' | tr ' ' '\n' | grep . >> "$CACHE/modules.list"
  done
  sort -u -o "$CACHE/modules.list" "$CACHE/modules.list"
  [ -n "$missing" ] && say "not in kernel $KV (left out):$missing"
  while read -r f; do
    mkdir -p "$WORK/lib/modules/$KV/$(dirname "$f")"
    cp "$KROOT/lib/modules/$KV/$f" "$WORK/lib/modules/$KV/$f"
  done < "$CACHE/modules.list"
  cp "$KROOT/lib/modules/$KV"/modules.{order,builtin} "$WORK/lib/modules/$KV/"
  "$BB" depmod -b "$WORK" "$KV"
  cp "$HERE/init.sh" "$WORK/init"; chmod +x "$WORK/init"
  {
    echo "LVSD_MODULES='$present'"
    echo "LVSD_MISSING_MODULES='$missing'"
    echo "LVSD_PKGS='$PKGS'"
    echo "LVSD_KERNEL='$KV'"
  } > "$WORK/etc/lvsd-guest.env"
  (cd "$WORK" && find . | LC_ALL=C sort | "$BB" cpio -o -H newc 2>/dev/null | gzip -1 > "$IMG.tmp") &&
    mv "$IMG.tmp" "$IMG"
  rm -rf "$WORK"
fi

echo "KERNEL_VERSION=$KV"
echo "VMLINUZ=$KROOT/boot/vmlinuz-$KV"
echo "INITRAMFS=$IMG"
echo "PKGS=$PKGS"
