/* fd_sync: stdio is not a file, so every descriptor is EBADF. */
#include <unistd.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_sync(0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_sync(1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_sync(2), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_sync(3), __WASI_ERRNO_BADF);
    EXPECT_EQ(fsync(2), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
