/* fd_pwrite: stdout and stderr cannot be written at an offset (ESPIPE), and nothing is written; stdin is EBADF. */
#include <unistd.h>
#include "check.h"

static const char payload[] = "PWRITTEN\n";

int main(void) {
    __wasi_ciovec_t out = {(const uint8_t *) payload, sizeof payload - 1};
    __wasi_size_t count = 77;

    EXPECT_ERRNO(__wasi_fd_pwrite(0, &out, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pwrite(1, &out, 1, 0, &count), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_pwrite(2, &out, 1, 0, &count), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_pwrite(3, &out, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_EQ(count, 77);
    EXPECT_EQ(pwrite(1, payload, sizeof payload - 1, 0), -1);
    EXPECT_ERRNO(errno, ESPIPE);
    return summary();
}
