/* fd_filestat_set_size: stdio is not a file, so every descriptor is EBADF. */
#include <unistd.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(1, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(2, 100), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_filestat_set_size(3, 0), __WASI_ERRNO_BADF);
    EXPECT_EQ(ftruncate(1, 0), -1);
    EXPECT_ERRNO(errno, EBADF);
    return summary();
}
