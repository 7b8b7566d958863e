// Issue 10: a hello that reads its stdin into 64 KiB on the stack, as C ported from elsewhere does.
#include <stdio.h>
#include <unistd.h>

int main(void) {
    char buf[65536];
    ssize_t n = read(0, buf, sizeof buf);
    printf("Hello from FAAS!\n");
    if (n > 0) {
        fwrite(buf, 1, (size_t) n, stdout);
    }
    return 0;
}
