#ifndef WASMPACK_CCURL_SHIM_H
#define WASMPACK_CCURL_SHIM_H

#include <curl/curl.h>

// Swift cannot call C variadic functions, and curl_easy_setopt / curl_easy_getinfo are variadic.
// Each wrapper below fixes the type of the third argument, so the compiler passes it exactly as
// libcurl's va_arg expects (a long must be a long, an off_t option must get a curl_off_t).

static inline CURLcode wasmpack_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wasmpack_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options whose argument is an opaque pointer (WRITEDATA, READDATA, HEADERDATA, SEEKDATA, ERRORBUFFER).
static inline CURLcode wasmpack_setopt_ptr(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl copies string arguments (since 7.17), so a temporary Swift string is fine here.
static inline CURLcode wasmpack_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl does NOT copy a header list: it must outlive the transfer.
static inline CURLcode wasmpack_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// WRITEFUNCTION and HEADERFUNCTION share this signature.
static inline CURLcode wasmpack_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wasmpack_setopt_read_callback(CURL *handle, CURLoption option, curl_read_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wasmpack_setopt_seek_callback(CURL *handle, CURLoption option, curl_seek_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// libcurl calls the XFERINFOFUNCTION about once a second even while no byte moves, so a
/// transfer can be stopped from outside (an interrupt) even when the server stalls.
static inline CURLcode wasmpack_setopt_xferinfo_callback(CURL *handle, CURLoption option, curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode wasmpack_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode wasmpack_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The string stays owned by the handle; copy it before the next transfer.
static inline CURLcode wasmpack_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}

#endif
