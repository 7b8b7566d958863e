/* fd_fdstat_get: stdio is a pipe, of no preview 1 file type, with the one right of its direction. */
#include <fcntl.h>
#include <unistd.h>
#include "check.h"

int main(void) {
    __wasi_fdstat_t stat;

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(0, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.fs_filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.fs_flags, 0);
    EXPECT_EQ(stat.fs_rights_base, __WASI_RIGHTS_FD_READ);
    EXPECT_EQ(stat.fs_rights_inheriting, __WASI_RIGHTS_FD_READ);

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(1, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.fs_filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.fs_flags, 0);
    EXPECT_EQ(stat.fs_rights_base, __WASI_RIGHTS_FD_WRITE);
    EXPECT_EQ(stat.fs_rights_inheriting, __WASI_RIGHTS_FD_WRITE);

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(2, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.fs_filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.fs_flags, 0);
    EXPECT_EQ(stat.fs_rights_base, __WASI_RIGHTS_FD_WRITE);
    EXPECT_EQ(stat.fs_rights_inheriting, __WASI_RIGHTS_FD_WRITE);

    EXPECT_ERRNO(__wasi_fd_fdstat_get(3, &stat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_get(1, (__wasi_fdstat_t *) 0xfffffff0), __WASI_ERRNO_FAULT);

    EXPECT_EQ(isatty(0), 0);
    EXPECT_ERRNO(errno, ENOTTY);
    EXPECT_EQ(isatty(1), 0);
    EXPECT_ERRNO(errno, ENOTTY);
    EXPECT_EQ(isatty(2), 0);
    EXPECT_ERRNO(errno, ENOTTY);
    EXPECT_EQ(isatty(3), 0);
    EXPECT_ERRNO(errno, EBADF);
    EXPECT_EQ(fcntl(0, F_GETFL), O_RDONLY);
    EXPECT_EQ(fcntl(1, F_GETFL), O_WRONLY);
    EXPECT_EQ(fcntl(2, F_GETFL), O_WRONLY);
    return summary();
}
