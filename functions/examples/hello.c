/* The platform's first function: greets, then echoes whatever it was sent on stdin. */
#include <stdio.h>

int main(void) {
    printf("Hello from FAAS!\n");
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        fwrite(buffer, 1, n, stdout);
    }
    return 0;
}
