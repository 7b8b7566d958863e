/*
 * Hostile fixture: tries to read each path given on stdin (one a line) and prints, per path,
 * "<path>: denied <errno text>" or "<path>: read <first bytes>". With no preopened directory
 * every open must fail.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char path[512];
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = '\0';
        if (path[0] == '\0') {
            continue;
        }
        FILE *file = fopen(path, "r");
        if (file == NULL) {
            printf("%s: denied %s\n", path, strerror(errno));
            continue;
        }
        char content[64] = "";
        size_t n = fread(content, 1, sizeof content - 1, file);
        content[n] = '\0';
        printf("%s: read %s\n", path, content);
        fclose(file);
    }
    return 0;
}
