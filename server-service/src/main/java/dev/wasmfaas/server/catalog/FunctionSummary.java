package dev.wasmfaas.server.catalog;

import java.time.Instant;
import java.util.List;

import dev.wasmfaas.server.function.FunctionMetadata;

/**
 * One function in {@code GET /functions}: its newest version.
 *
 * @param name the function's name
 * @param id the id of its newest version
 * @param lang its language
 * @param version how many versions it has had (the newest's number)
 * @param createdAt when its first version was deployed
 * @param updatedAt when its newest version was deployed
 * @param size the newest source's size in bytes
 * @param invocations invocations of every version since the server started
 */
record FunctionSummary(String name, String id, String lang, int version, Instant createdAt, Instant updatedAt,
        long size, long invocations) {

    static FunctionSummary of(List<FunctionMetadata> versions, long invocations) {
        FunctionMetadata first = versions.getFirst();
        FunctionMetadata latest = versions.getLast();
        return new FunctionSummary(latest.name(), latest.id(), latest.lang(), versions.size(), first.createdAt(),
                latest.createdAt(), latest.sourceBytes(), invocations);
    }
}
