/* fd_readdir: stdio is no directory, and there are no others: EBADF everywhere. */
#include "check.h"

int main(void) {
    uint8_t buffer[64];
    __wasi_size_t used;
    EXPECT_ERRNO(__wasi_fd_readdir(0, buffer, sizeof buffer, 0, &used), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_readdir(1, buffer, sizeof buffer, 0, &used), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_readdir(2, buffer, sizeof buffer, 0, &used), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_readdir(3, buffer, sizeof buffer, 0, &used), __WASI_ERRNO_BADF);
    return summary();
}
