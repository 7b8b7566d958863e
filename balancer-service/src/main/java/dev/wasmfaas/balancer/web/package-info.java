/** How the balancer is reached: its listener (UNIX socket or TCP port) and its problem details. */
package dev.wasmfaas.balancer.web;
