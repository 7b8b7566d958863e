/** HTTP between the services over UNIX-domain sockets (or TCP when they are split across hosts). */
package dev.wasmfaas.common.http;
