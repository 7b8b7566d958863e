/* Test fixture: prints its arguments, one variable of its environment, and exits with 3 when told to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    const char *greeting = getenv("GREETING");
    printf("GREETING=%s\n", greeting ? greeting : "(unset)");
    char input[16] = "";
    if (fgets(input, sizeof input, stdin) && strncmp(input, "fail", 4) == 0) {
        fprintf(stderr, "failing as asked\n");
        return 3;
    }
    return 0;
}
