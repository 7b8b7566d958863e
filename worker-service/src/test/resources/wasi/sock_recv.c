/* sock_recv: stdio is no socket (ENOTSOCK) and stdin is left unread; another number is EBADF. */
#include <sys/socket.h>
#include "check.h"

int main(void) {
    uint8_t buffer[4];
    __wasi_iovec_t in = {buffer, sizeof buffer};
    __wasi_size_t count = 77;
    __wasi_roflags_t flags = 77;

    EXPECT_ERRNO(__wasi_sock_recv(0, &in, 1, 0, &count, &flags), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_recv(1, &in, 1, __WASI_RIFLAGS_RECV_PEEK, &count, &flags), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_recv(2, &in, 1, 0, &count, &flags), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_recv(3, &in, 1, 0, &count, &flags), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_sock_recv(0, &in, 1, 1 << 2, &count, &flags), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_sock_recv(3, &in, 1, 1 << 2, &count, &flags), __WASI_ERRNO_INVAL);
    EXPECT_EQ(count, 77);
    EXPECT_EQ(flags, 77);
    EXPECT_EQ(recv(0, buffer, sizeof buffer, 0), -1);
    EXPECT_ERRNO(errno, ENOTSOCK);
    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(memcmp(buffer, "0123", 4), 0);
    return summary();
}
