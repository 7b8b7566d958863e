/* fd_prestat_get: there are no preopened directories, and stdio is none: EBADF everywhere. */
#include "check.h"

int main(void) {
    __wasi_prestat_t prestat;
    EXPECT_ERRNO(__wasi_fd_prestat_get(0, &prestat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_prestat_get(1, &prestat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_prestat_get(2, &prestat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_prestat_get(3, &prestat), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_prestat_get(4, &prestat), __WASI_ERRNO_BADF);
    return summary();
}
