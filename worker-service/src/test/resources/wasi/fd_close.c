/* fd_close: stdio closes; afterwards its number is EBADF for every call, and what was written stays. */
#include <unistd.h>
#include "check.h"

static const char before[] = "before close\n";

int main(void) {
    __wasi_ciovec_t out = {(const uint8_t *) before, sizeof before - 1};
    uint8_t buffer[4];
    __wasi_iovec_t in = {buffer, sizeof buffer};
    __wasi_size_t count;
    __wasi_fdstat_t stat;
    report_fd = 2;

    EXPECT_ERRNO(__wasi_fd_write(1, &out, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_close(1), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_write(1, &out, 1, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(1, &stat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_sock_shutdown(1, __WASI_SDFLAGS_WR), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_close(1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_close(0), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_close(3), __WASI_ERRNO_BADF);
    EXPECT_EQ(close(0), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
