/* fd_allocate: stdio is not a file, so every descriptor is EBADF. */
#include <fcntl.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_allocate(0, 0, 10), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_allocate(1, 0, 10), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_allocate(2, 0, 10), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_allocate(3, 0, 10), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(posix_fallocate(1, 0, 10), EBADF);
    return summary();
}
