/*
 * sock_shutdown: stdio is no socket (ENOTSOCK), another number is EBADF, unknown flags are EINVAL first;
 * and, as issue 10 asks, shutdown(STDOUT_FILENO, SHUT_WR) fails with ENOTSOCK and the function goes on.
 */
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_sock_shutdown(0, __WASI_SDFLAGS_RD), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_shutdown(2, __WASI_SDFLAGS_RD | __WASI_SDFLAGS_WR), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_shutdown(3, __WASI_SDFLAGS_RD), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_sock_shutdown(1, 1 << 2), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_sock_shutdown(3, 1 << 2), __WASI_ERRNO_INVAL);
    EXPECT_EQ(shutdown(STDOUT_FILENO, SHUT_WR), -1);
    EXPECT_ERRNO(errno, ENOTSOCK);
    EXPECT_EQ(shutdown(3, SHUT_RD), -1);
    EXPECT_ERRNO(errno, EBADF);
    printf("still running after shutdown\n");
    fflush(stdout);
    return summary();
}
