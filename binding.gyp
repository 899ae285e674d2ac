{
  "targets": [
    {
      "target_name": "lvsd_net",
      "sources": ["native/addon.c", "native/sockets.c", "native/poll.c", "native/sched.c"],
      "cflags": ["-Wall", "-Wextra", "-Wno-unused-parameter", "-std=gnu11"]
    }
  ]
}
