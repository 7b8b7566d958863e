/* fd_advise: stdio is not a file, so every descriptor is EBADF; an unknown advice is EINVAL before that. */
#include <fcntl.h>
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_advise(0, 0, 100, __WASI_ADVICE_SEQUENTIAL), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(1, 0, 100, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(2, 0, 0, __WASI_ADVICE_DONTNEED), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(3, 0, 0, __WASI_ADVICE_NORMAL), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_advise(1, 0, 0, 6), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_advise(3, 0, 0, 6), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(posix_fadvise(1, 0, 0, POSIX_FADV_NORMAL), EBADF);
    return summary();
}
