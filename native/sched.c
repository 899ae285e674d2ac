/* Real-time scheduling for the vrrp process (issue 6): sched_setscheduler and setrlimit. */
#define _GNU_SOURCE
#include "common.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

static int policy_of(const char *name) {
  if (strcmp(name, "other") == 0) return SCHED_OTHER;
  if (strcmp(name, "fifo") == 0) return SCHED_FIFO;
  if (strcmp(name, "rr") == 0) return SCHED_RR;
  return -1;
}

/* setScheduler(policy 'other'|'fifo'|'rr', priority): for the calling thread (pid 0). */
static napi_value set_scheduler(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[16];
  int32_t priority;
  int policy;
  if (argc < 2 || !arg_string(env, argv[0], name, sizeof name) || !arg_int32(env, argv[1], &priority) ||
      (policy = policy_of(name)) < 0)
    return throw_type(env, "setScheduler(policy 'other'|'fifo'|'rr', priority)");
  struct sched_param param = {.sched_priority = priority};
  if (sched_setscheduler(0, policy | SCHED_RESET_ON_FORK, &param) < 0)
    return throw_errno(env, errno, "sched_setscheduler");
  return make_undefined(env);
}

/* getScheduler(): { policy, priority } of the calling thread. */
static napi_value get_scheduler(napi_env env, napi_callback_info info) {
  int policy = sched_getscheduler(0);
  if (policy < 0) return throw_errno(env, errno, "sched_getscheduler");
  struct sched_param param;
  if (sched_getparam(0, &param) < 0) return throw_errno(env, errno, "sched_getparam");
  policy &= ~SCHED_RESET_ON_FORK;
  const char *name = policy == SCHED_FIFO ? "fifo" : policy == SCHED_RR ? "rr" : "other";
  napi_value out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "policy", make_string(env, name));
  napi_set_named_property(env, out, "priority", make_int(env, param.sched_priority));
  return out;
}

static int resource_of(const char *name) {
  if (strcmp(name, "rttime") == 0) return RLIMIT_RTTIME;
  if (strcmp(name, "rtprio") == 0) return RLIMIT_RTPRIO;
  if (strcmp(name, "nofile") == 0) return RLIMIT_NOFILE;
  if (strcmp(name, "core") == 0) return RLIMIT_CORE;
  return -1;
}

/* setRlimit(resource 'rttime'|'rtprio'|'nofile'|'core', soft, hard); -1 means unlimited. */
static napi_value set_rlimit(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[16];
  int64_t soft, hard;
  int resource;
  if (argc < 3 || !arg_string(env, argv[0], name, sizeof name) ||
      napi_get_value_int64(env, argv[1], &soft) != napi_ok || napi_get_value_int64(env, argv[2], &hard) != napi_ok ||
      (resource = resource_of(name)) < 0)
    return throw_type(env, "setRlimit(resource, soft, hard)");
  struct rlimit r = {.rlim_cur = soft < 0 ? RLIM_INFINITY : (rlim_t)soft,
                     .rlim_max = hard < 0 ? RLIM_INFINITY : (rlim_t)hard};
  if (setrlimit(resource, &r) < 0) return throw_errno(env, errno, "setrlimit");
  return make_undefined(env);
}

/* getRlimit(resource): { soft, hard }, -1 for unlimited. */
static napi_value get_rlimit(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char name[16];
  int resource;
  if (argc < 1 || !arg_string(env, argv[0], name, sizeof name) || (resource = resource_of(name)) < 0)
    return throw_type(env, "getRlimit(resource)");
  struct rlimit r;
  if (getrlimit(resource, &r) < 0) return throw_errno(env, errno, "getrlimit");
  napi_value out;
  napi_create_object(env, &out);
  napi_set_named_property(env, out, "soft", make_int(env, r.rlim_cur == RLIM_INFINITY ? -1 : (int64_t)r.rlim_cur));
  napi_set_named_property(env, out, "hard", make_int(env, r.rlim_max == RLIM_INFINITY ? -1 : (int64_t)r.rlim_max));
  return out;
}

void sched_init(napi_env env, napi_value exports) {
  export_fn(env, exports, "setScheduler", set_scheduler);
  export_fn(env, exports, "getScheduler", get_scheduler);
  export_fn(env, exports, "setRlimit", set_rlimit);
  export_fn(env, exports, "getRlimit", get_rlimit);
}
