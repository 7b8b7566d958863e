/* fd_filestat_set_times: stdio is EBADF; a time both given and "now", or an unknown flag, is EINVAL first. */
#include <sys/stat.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(0, 0, 0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(1, 5, 5, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(2, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(3, 0, 0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(1, 0, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(3, 0, 0, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_filestat_set_times(1, 0, 0, 1 << 4), __WASI_ERRNO_INVAL);
    EXPECT_EQ(futimens(1, NULL), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
