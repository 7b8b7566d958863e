/* fd_pread: stdin cannot be read at an offset (ESPIPE) and is left unread; stdout and stderr are EBADF. */
#include <unistd.h>
#include "check.h"

int main(void) {
    uint8_t buffer[4];
    __wasi_iovec_t in = {buffer, sizeof buffer};
    __wasi_size_t count = 77;

    EXPECT_ERRNO(__wasi_fd_pread(0, &in, 1, 0, &count), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_pread(1, &in, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pread(2, &in, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_pread(3, &in, 1, 0, &count), __WASI_ERRNO_BADF);
    EXPECT_EQ(count, 77);
    EXPECT_EQ(pread(0, buffer, sizeof buffer, 0), -1);
    EXPECT_ERRNO(errno, ESPIPE);
    EXPECT_ERRNO(__wasi_fd_read(0, &in, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 4);
    EXPECT_EQ(memcmp(buffer, "0123", 4), 0);
    return summary();
}
