/*
 * Hostile fixture: the network as far as wasi-libc lets a C function try. WASI preview 1 has no
 * socket() or connect(): only sock_accept/recv/send/shutdown on descriptors the host preopened,
 * and the platform preopens none. So this program asks for what the ABI has: a send and a receive on
 * every descriptor number a socket could have, and an accept on them.
 */
#include <stdio.h>
#include <wasi/api.h>

int main(void) {
    int reached = 0;
    for (__wasi_fd_t fd = 3; fd < 64; fd++) {
        __wasi_ciovec_t out = { (const uint8_t *) "GET / HTTP/1.0\r\n\r\n", 18 };
        __wasi_size_t sent = 0;
        __wasi_errno_t send = __wasi_sock_send(fd, &out, 1, 0, &sent);
        __wasi_fd_t accepted = 0;
        __wasi_errno_t accept = __wasi_sock_accept(fd, 0, &accepted);
        if (send == __WASI_ERRNO_SUCCESS || accept == __WASI_ERRNO_SUCCESS) {
            printf("fd %u: reached\n", (unsigned) fd);
            reached++;
        }
    }
    printf("reachable sockets: %d\n", reached);
    return 0;
}
