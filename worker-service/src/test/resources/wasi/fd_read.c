/* fd_read: stdin fills the buffers in order, then answers 0 at its end; other descriptors are EBADF. */
#include <unistd.h>
#include "check.h"

int main(void) {
    uint8_t first[3], second[4], rest[8];
    __wasi_iovec_t two[2] = {{first, sizeof first}, {second, sizeof second}};
    __wasi_iovec_t faulty[2] = {{rest, sizeof rest}, {(uint8_t *) 0xfffffff0, 4}};
    __wasi_iovec_t one = {rest, sizeof rest};
    __wasi_size_t count;

    EXPECT_ERRNO(__wasi_fd_read(0, two, 2, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 7);
    EXPECT_EQ(memcmp(first, "012", 3), 0);
    EXPECT_EQ(memcmp(second, "3456", 4), 0);
    EXPECT_ERRNO(__wasi_fd_read(1, two, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_read(2, two, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_read(3, two, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_read(0, faulty, 2, &count), __WASI_ERRNO_FAULT);
    EXPECT_ERRNO(__wasi_fd_read(0, &one, 1, (__wasi_size_t *) 0xfffffff0), __WASI_ERRNO_FAULT);
    EXPECT_ERRNO(__wasi_fd_read(0, &one, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 3);
    EXPECT_EQ(memcmp(rest, "789", 3), 0);
    EXPECT_ERRNO(__wasi_fd_read(0, &one, 1, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 0);
    EXPECT_EQ(read(0, rest, sizeof rest), 0);
    return summary();
}
