/* fd_filestat_get: every field of a stdio filestat is 0, its type unknown (a pipe). */
#include <sys/stat.h>
#include "check.h"

int main(void) {
    __wasi_filestat_t stat;
    struct stat st;

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_filestat_get(0, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.dev, 0);
    EXPECT_EQ(stat.ino, 0);
    EXPECT_EQ(stat.filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.nlink, 0);
    EXPECT_EQ(stat.size, 0);
    EXPECT_EQ(stat.atim, 0);
    EXPECT_EQ(stat.mtim, 0);
    EXPECT_EQ(stat.ctim, 0);

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_filestat_get(1, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.size, 0);
    EXPECT_EQ(stat.mtim, 0);

    memset(&stat, 0x55, sizeof stat);
    EXPECT_ERRNO(__wasi_fd_filestat_get(2, &stat), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(stat.filetype, __WASI_FILETYPE_UNKNOWN);
    EXPECT_EQ(stat.nlink, 0);
    EXPECT_EQ(stat.ctim, 0);

    EXPECT_ERRNO(__wasi_fd_filestat_get(3, &stat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_get(0, (__wasi_filestat_t *) 0xfffffff0), __WASI_ERRNO_FAULT);

    EXPECT_EQ(fstat(1, &st), 0);
    EXPECT_EQ(st.st_mode & S_IFMT, 0);
    EXPECT_EQ(st.st_size, 0);
    EXPECT_EQ(fstat(3, &st), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
