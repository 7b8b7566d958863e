/* fd_fdstat_set_flags: Wasmtime changes flags of files only, so stdio is EBADF; unknown flags are EINVAL first. */
#include <fcntl.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(1, __WASI_FDFLAGS_NONBLOCK), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(2, __WASI_FDFLAGS_APPEND), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(3, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(1, 1 << 5), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_flags(3, 1 << 5), __WASI_ERRNO_INVAL);
    EXPECT_EQ(fcntl(1, F_SETFL, O_NONBLOCK), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
