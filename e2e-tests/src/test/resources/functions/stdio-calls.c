/*
 * Ordinary POSIX calls on the three standard descriptors, which the platform serves itself: each
 * must fail or succeed as WASI preview 1 says (issue 10), and the function goes on after each.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *name(int error) {
    switch (error) {
    case ENOTSOCK: return "ENOTSOCK";
    case ESPIPE: return "ESPIPE";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    default: return strerror(error);
    }
}

static void report(const char *call, int rc) {
    printf("%s -> %d%s%s\n", call, rc, rc < 0 ? " " : "", rc < 0 ? name(errno) : "");
}

int main(void) {
    report("shutdown(1, SHUT_WR)", shutdown(STDOUT_FILENO, SHUT_WR));
    report("shutdown(0, SHUT_RD)", shutdown(STDIN_FILENO, SHUT_RD));
    report("lseek(1, 0, SEEK_CUR)", (int) lseek(STDOUT_FILENO, 0, SEEK_CUR));
    report("lseek(0, 0, SEEK_SET)", (int) lseek(STDIN_FILENO, 0, SEEK_SET));
    report("shutdown(7, SHUT_RD)", shutdown(7, SHUT_RD));
    struct stat st;
    report("fstat(2)", fstat(STDERR_FILENO, &st));
    char line[64];
    size_t n = fread(line, 1, sizeof line - 1, stdin);
    line[n] = '\0';
    printf("still here, read: %s\n", line);
    return 0;
}
