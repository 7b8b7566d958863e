// 33 MiB of static data: its module would be above the cap of 32 MiB on modules.
#include <stdio.h>
#include <unistd.h>

static char table[33 << 20] = {1};

int main(void) {
    char c = 0;
    ssize_t n = read(0, &c, 1);
    printf("%d\n", table[(n > 0 ? c & 1 : 0) * 4096]);
    return 0;
}
