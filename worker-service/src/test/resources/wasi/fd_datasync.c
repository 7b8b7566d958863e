/* fd_datasync: stdio is not a file, so every descriptor is EBADF. */
#include <unistd.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_datasync(0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_datasync(1), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_datasync(2), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_datasync(3), __WASI_ERRNO_BADF);
    EXPECT_EQ(fdatasync(1), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
