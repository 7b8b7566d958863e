/* sock_send: stdio is no socket (ENOTSOCK) and nothing is written; another number is EBADF. */
#include <sys/socket.h>
#include "check.h"

static const char payload[] = "SENT\n";

int main(void) {
    __wasi_ciovec_t out = {(const uint8_t *) payload, sizeof payload - 1};
    __wasi_size_t count = 77;

    EXPECT_ERRNO(__wasi_sock_send(0, &out, 1, 0, &count), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_send(1, &out, 1, 0, &count), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_send(2, &out, 1, 0, &count), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_send(3, &out, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_EQ(count, 77);
    EXPECT_EQ(send(1, payload, sizeof payload - 1, 0), -1);
    EXPECT_ERRNO(errno, ENOTSOCK);
    return summary();
}
