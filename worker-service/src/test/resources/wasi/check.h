/*
 * Checks for the WASI test modules: each EXPECT prints one line ("<call> -> <answer>", and
 * "MISMATCH, want <answer>" when it differs), and main ends with `return summary();`, which prints
 * "<n> checks, <m> mismatches" and exits 1 on any mismatch. Lines are written with the raw
 * __wasi_fd_write on `report_fd`, so that a module may close or move stdout and still report.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t report_fd = 1;
static int checks;
static int mismatches;

static void report(const char *line) {
    __wasi_ciovec_t iov = {(const uint8_t *) line, strlen(line)};
    __wasi_size_t written;
    (void) __wasi_fd_write(report_fd, &iov, 1, &written);
}

static const char *errno_name(long long value) {
    switch (value) {
    case __WASI_ERRNO_SUCCESS: return "SUCCESS";
    case __WASI_ERRNO_BADF: return "BADF";
    case __WASI_ERRNO_FAULT: return "FAULT";
    case __WASI_ERRNO_INVAL: return "INVAL";
    case __WASI_ERRNO_NOTDIR: return "NOTDIR";
    case __WASI_ERRNO_NOTSOCK: return "NOTSOCK";
    case __WASI_ERRNO_NOTTY: return "NOTTY";
    case __WASI_ERRNO_SPIPE: return "SPIPE";
    default: return NULL;
    }
}

static void describe(char *out, size_t size, long long value, int is_errno) {
    const char *name = is_errno ? errno_name(value) : NULL;
    if (name) {
        snprintf(out, size, "%s", name);
    } else {
        snprintf(out, size, "%lld", value);
    }
}

static void check(const char *what, long long got, long long want, int is_errno) {
    char got_text[32], want_text[32], line[512];
    describe(got_text, sizeof got_text, got, is_errno);
    describe(want_text, sizeof want_text, want, is_errno);
    checks++;
    if (got == want) {
        snprintf(line, sizeof line, "%s -> %s\n", what, got_text);
    } else {
        mismatches++;
        snprintf(line, sizeof line, "%s -> %s MISMATCH, want %s\n", what, got_text, want_text);
    }
    report(line);
}

/* A raw WASI call (or errno after a libc one) and the errno it must answer. */
#define EXPECT_ERRNO(call, want) check(#call, (long long) (call), (long long) (want), 1)
/* Any other value and what it must be. */
#define EXPECT_EQ(value, want) check(#value, (long long) (value), (long long) (want), 0)

static int summary(void) {
    char line[64];
    snprintf(line, sizeof line, "%d checks, %d mismatches\n", checks, mismatches);
    report(line);
    return mismatches == 0 ? 0 : 1;
}
