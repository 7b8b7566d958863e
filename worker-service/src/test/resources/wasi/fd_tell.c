/* fd_tell: stdio has no offset (ESPIPE); another number is EBADF. */
#include "check.h"

int main(void) {
    __wasi_filesize_t offset = 77;
    EXPECT_ERRNO(__wasi_fd_tell(0, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_tell(1, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_tell(2, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_tell(3, &offset), __WASI_ERRNO_BADF);
    EXPECT_EQ(offset, 77);
    return summary();
}
