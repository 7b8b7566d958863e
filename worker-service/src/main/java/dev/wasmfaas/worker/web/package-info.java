/** Where the worker listens (a UNIX-domain socket or TCP) and how its errors are answered. */
package dev.wasmfaas.worker.web;
