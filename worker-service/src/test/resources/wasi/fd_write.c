/* fd_write: stdout and stderr take every buffer in order; a fault writes nothing; other descriptors are EBADF. */
#include <unistd.h>
#include "check.h"

static const char first[] = "ab";
static const char second[] = "cd\n";
static const char lost[] = "LOST";

int main(void) {
    __wasi_ciovec_t two[2] = {{(const uint8_t *) first, 2}, {(const uint8_t *) second, 3}};
    __wasi_ciovec_t faulty[2] = {{(const uint8_t *) lost, 4}, {(const uint8_t *) 0xfffffff0, 4}};
    __wasi_size_t count;

    EXPECT_ERRNO(__wasi_fd_write(1, two, 2, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 5);
    EXPECT_ERRNO(__wasi_fd_write(2, two, 2, &count), __WASI_ERRNO_SUCCESS);
    EXPECT_EQ(count, 5);
    EXPECT_ERRNO(__wasi_fd_write(0, two, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_write(3, two, 2, &count), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_write(1, faulty, 2, &count), __WASI_ERRNO_FAULT);
    EXPECT_ERRNO(__wasi_fd_write(1, faulty, 1, (__wasi_size_t *) 0xfffffff0), __WASI_ERRNO_FAULT);
    EXPECT_EQ(write(2, second, 3), 3);
    return summary();
}
