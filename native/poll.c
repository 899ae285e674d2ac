/* libuv integration: poll(fd, callback) calls callback() from the event loop each time fd is readable,
 * until unpoll(fd). Nothing blocks: the callback drains the socket with recvFrom until it returns null. */
#include "common.h"

#include <stdlib.h>
#include <uv.h>

typedef struct watcher {
  uv_poll_t handle;
  napi_env env;
  napi_ref callback;
  napi_async_context context;
  int fd;
  struct watcher *next;
} watcher;

static watcher *watchers = NULL;

static void on_closed(uv_handle_t *handle) { free(handle->data); }

static void on_readable(uv_poll_t *handle, int status, int events) {
  watcher *w = handle->data;
  napi_handle_scope scope;
  napi_open_handle_scope(w->env, &scope);
  napi_value callback, recv, result, arg;
  napi_get_reference_value(w->env, w->callback, &callback);
  napi_get_global(w->env, &recv);
  arg = make_int(w->env, status);
  /* make_callback runs the microtask queue afterwards. A throw is reported as uncaught. */
  if (napi_make_callback(w->env, w->context, recv, callback, 1, &arg, &result) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(w->env, &pending);
    if (pending) {
      napi_value error;
      napi_get_and_clear_last_exception(w->env, &error);
      napi_fatal_exception(w->env, error);
    }
  }
  napi_close_handle_scope(w->env, scope);
}

static watcher *find(int fd, watcher ***link) {
  for (watcher **p = &watchers; *p != NULL; p = &(*p)->next) {
    if ((*p)->fd == fd) {
      if (link) *link = p;
      return *p;
    }
  }
  return NULL;
}

static void stop(napi_env env, watcher *w) {
  uv_poll_stop(&w->handle);
  napi_delete_reference(env, w->callback);
  napi_async_destroy(env, w->context);
  uv_close((uv_handle_t *)&w->handle, on_closed);
}

static napi_value poll_fd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  napi_valuetype t = napi_undefined;
  if (argc == 2) napi_typeof(env, argv[1], &t);
  if (argc < 2 || !arg_int32(env, argv[0], &fd) || t != napi_function)
    return throw_type(env, "poll(fd, callback)");
  if (find(fd, NULL) != NULL) return throw_type(env, "poll: fd is already polled");
  uv_loop_t *loop;
  napi_get_uv_event_loop(env, &loop);
  watcher *w = calloc(1, sizeof *w);
  if (w == NULL) return throw_errno(env, 12, "calloc");
  int rc = uv_poll_init(loop, &w->handle, fd);
  if (rc != 0) {
    free(w);
    return throw_errno(env, -rc, "uv_poll_init");
  }
  w->handle.data = w;
  w->env = env;
  w->fd = fd;
  napi_create_reference(env, argv[1], 1, &w->callback);
  napi_value name = make_string(env, "lvsd_net.poll");
  napi_async_init(env, NULL, name, &w->context);
  rc = uv_poll_start(&w->handle, UV_READABLE, on_readable);
  if (rc != 0) {
    stop(env, w);
    return throw_errno(env, -rc, "uv_poll_start");
  }
  w->next = watchers;
  watchers = w;
  return make_undefined(env);
}

/* unpoll(fd): stops watching; true when fd was watched. Call before close(fd). */
static napi_value unpoll_fd(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  int32_t fd;
  if (argc < 1 || !arg_int32(env, argv[0], &fd)) return throw_type(env, "unpoll(fd)");
  watcher **link;
  watcher *w = find(fd, &link);
  napi_value out;
  napi_get_boolean(env, w != NULL, &out);
  if (w == NULL) return out;
  *link = w->next;
  stop(env, w);
  return out;
}

void poll_init(napi_env env, napi_value exports) {
  export_fn(env, exports, "poll", poll_fd);
  export_fn(env, exports, "unpoll", unpoll_fd);
}
