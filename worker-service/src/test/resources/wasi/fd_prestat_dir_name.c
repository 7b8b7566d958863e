/* fd_prestat_dir_name: stdio is open but no directory (ENOTDIR); another number is EBADF. */
#include "check.h"

int main(void) {
    uint8_t name[16];
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(0, name, sizeof name), __WASI_ERRNO_NOTDIR);
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(1, name, sizeof name), __WASI_ERRNO_NOTDIR);
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(2, name, sizeof name), __WASI_ERRNO_NOTDIR);
    EXPECT_ERRNO(__wasi_fd_prestat_dir_name(3, name, sizeof name), __WASI_ERRNO_BADF);
    return summary();
}
