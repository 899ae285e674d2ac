/* Shared helpers of the lvsd_net addon: argument access and errors that carry the errno name. */
#ifndef LVSD_NET_COMMON_H
#define LVSD_NET_COMMON_H

#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_ARGS 8

/* Throws an Error whose code is the errno name (EPERM, ENODEV, ...), with errno and syscall set. */
napi_value throw_errno(napi_env env, int err, const char *syscall);
/* Throws a TypeError with the message (a caller bug, not an operating error). */
napi_value throw_type(napi_env env, const char *message);

bool arg_int32(napi_env env, napi_value v, int32_t *out);
bool arg_string(napi_env env, napi_value v, char *buf, size_t size);
/* A Uint8Array or Buffer: pointer and length (valid during the call). */
bool arg_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len);
bool is_null_or_undefined(napi_env env, napi_value v);

napi_value make_int(napi_env env, int64_t n);
napi_value make_string(napi_env env, const char *s);
napi_value make_null(napi_env env);
napi_value make_undefined(napi_env env);

/* Registration of each file's exports. */
void sockets_init(napi_env env, napi_value exports);
void poll_init(napi_env env, napi_value exports);
void sched_init(napi_env env, napi_value exports);
void export_fn(napi_env env, napi_value exports, const char *name, napi_callback cb);

#endif
