/* fd_seek: stdio cannot seek (ESPIPE); another number is EBADF; an unknown whence is EINVAL first. */
#include <unistd.h>
#include "check.h"

int main(void) {
    __wasi_filesize_t offset = 77;
    EXPECT_ERRNO(__wasi_fd_seek(0, 0, __WASI_WHENCE_SET, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_seek(2, 5, __WASI_WHENCE_END, &offset), __WASI_ERRNO_SPIPE);
    EXPECT_ERRNO(__wasi_fd_seek(3, 0, __WASI_WHENCE_SET, &offset), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_seek(1, 0, 3, &offset), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_seek(3, 0, 3, &offset), __WASI_ERRNO_INVAL);
    EXPECT_EQ(offset, 77);
    EXPECT_EQ(lseek(0, 0, SEEK_CUR), -1);
    EXPECT_ERRNO(errno, ESPIPE);
    return summary();
}
