#!/bin/busybox sh
# /init of the kernel suite's guest. Loads the modules, mounts the host's / read-only over 9p (tag
# "hostroot") under a RAM overlay, mounts the writable results share (tag "results") at
# /run/lvsd-results, runs its job.sh chrooted into the host's tree, writes job.rc and powers off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
. /etc/lvsd-guest.env
stamp() { echo "[guest $(cut -d' ' -f1 /proc/uptime)s] $*"; }
stamp "init (kernel $LVSD_KERNEL)"
# shellcheck disable=SC2086
modprobe -a $LVSD_MODULES || stamp "some modules failed to load"
stamp "modules loaded"
ip link set lo up

mkdir -p /lower /rw /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose hostroot /lower ||
  { stamp "FATAL: 9p mount of the host failed"; poweroff -f; }
mount -t tmpfs rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay root -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
  { stamp "FATAL: overlay mount failed"; poweroff -f; }
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mount -t tmpfs run /newroot/run
mkdir -p /newroot/run/lvsd-results /newroot/run/lvsd-guest/bin /newroot/run/netns /newroot/var/run
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /newroot/run/lvsd-results ||
  { stamp "FATAL: 9p mount of the results share failed"; poweroff -f; }
# ipvsadm and busybox from the unpacked packages in the cache (visible through the host's tree)
L=$LVSD_PKGS/lib/x86_64-linux-gnu:$LVSD_PKGS/usr/lib/x86_64-linux-gnu
printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$L" "$LVSD_PKGS/sbin/ipvsadm" > /newroot/run/lvsd-guest/bin/ipvsadm
ln -s "$LVSD_PKGS/bin/busybox" /newroot/run/lvsd-guest/bin/busybox
chmod +x /newroot/run/lvsd-guest/bin/ipvsadm
stamp "mounted; running the job"

chroot /newroot /usr/bin/env -i HOME=/root TERM=dumb LVSD_GUEST=1 LVSD_RESULTS=/run/lvsd-results \
  LVSD_KERNEL="$LVSD_KERNEL" LVSD_MISSING_MODULES="$LVSD_MISSING_MODULES" \
  PATH=/run/lvsd-guest/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
  /bin/sh -c 'cd / && /bin/sh /run/lvsd-results/job.sh > /run/lvsd-results/job.out 2>&1; echo $? > /run/lvsd-results/job.rc; sync'
stamp "job exited $(cat /newroot/run/lvsd-results/job.rc 2>/dev/null)"
sync
umount /newroot/run/lvsd-results 2>/dev/null
poweroff -f
