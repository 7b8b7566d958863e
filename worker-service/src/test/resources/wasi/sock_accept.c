/* sock_accept: stdio is open but no socket (ENOTSOCK); another number is EBADF; unknown flags are EINVAL first. */
#include <sys/socket.h>
#include "check.h"

int main(void) {
    __wasi_fd_t accepted = 77;
    EXPECT_ERRNO(__wasi_sock_accept(0, 0, &accepted), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_accept(1, __WASI_FDFLAGS_NONBLOCK, &accepted), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_accept(2, 0, &accepted), __WASI_ERRNO_NOTSOCK);
    EXPECT_ERRNO(__wasi_sock_accept(3, 0, &accepted), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_sock_accept(1, 1 << 5, &accepted), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_sock_accept(3, 1 << 5, &accepted), __WASI_ERRNO_INVAL);
    EXPECT_EQ(accepted, 77);
    EXPECT_EQ(accept(1, NULL, NULL), -1);
    EXPECT_ERRNO(errno, ENOTSOCK);
    return summary();
}
