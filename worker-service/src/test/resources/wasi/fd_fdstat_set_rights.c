/* fd_fdstat_set_rights: Wasmtime ignores rights but wants a file or directory, so stdio is EBADF. */
#include "check.h"

int main(void) {
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(0, __WASI_RIGHTS_FD_READ, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(1, __WASI_RIGHTS_FD_WRITE, __WASI_RIGHTS_FD_WRITE), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(2, 0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(3, 0, 0), __WASI_ERRNO_BADF);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(1, 1ull << 30, 0), __WASI_ERRNO_INVAL);
    EXPECT_ERRNO(__wasi_fd_fdstat_set_rights(3, 0, 1ull << 63), __WASI_ERRNO_INVAL);
    return summary();
}
