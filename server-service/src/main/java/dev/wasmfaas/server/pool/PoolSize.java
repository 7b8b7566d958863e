package dev.wasmfaas.server.pool;

/**
 * The pool's size now.
 *
 * @param positions its positions, filled or being filled
 * @param ready workers at a position and in rotation
 * @param filling positions being filled (a worker starting or registering)
 * @param draining workers taken out that finish their calls in flight before they stop
 */
public record PoolSize(int positions, int ready, int filling, int draining) {
}
