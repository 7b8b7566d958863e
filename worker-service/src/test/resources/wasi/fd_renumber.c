/*
 * fd_renumber: a stdio stream moves to any number, free or not (what was there is closed), and its old
 * number becomes EBADF. Lines are reported on whichever number reaches the output at the time.
 */
#include "check.h"

int main(void) {
    uint8_t buffer[4];
    __wasi_iovec_t in = {buffer, sizeof buffer};
    __wasi_size_t count;
    __wasi_fdstat_t stat;

    EXPECT_ERRNO(__wasi_fd_renumber(3, 1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_renumber(1, 1), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_renumber(1, 10), __WASI_ERRNO_SUCCESS);
    report_fd = 10;
    EXPECT_ERRNO(__wasi_fd_fdstat_get(1, &stat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(10, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.fs_rights_base, __WASI_RIGHTS_FD_WRITE);
    EXPECT_ERRNO(__wasi_fd_renumber(10, 1), __WASI_ERRNO_SUCCESS);
    report_fd = 1;
    EXPECT_ERRNO(__wasi_fd_renumber(0, 5), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_read(5, &in, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 4);
    EXPECT_ERRNO(__wasi_fd_renumber(2, 1), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(2, &stat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_renumber(5, 0), __WASI_ERRNO_SUCCESS);
    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 4);
    return summary();
}
