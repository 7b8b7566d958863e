// 2 MiB on the stack: more than the default stack of 1 MiB holds.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char buf[2 << 20];
    memset(buf, '.', sizeof buf);
    ssize_t n = read(0, buf, sizeof buf);
    unsigned long dots = 0;
    for (size_t i = 0; i < sizeof buf; i++) {
        dots += buf[i] == '.';
    }
    printf("read %zd bytes, %lu dots left\n", n, dots);
    return 0;
}
