package dev.wasmfaas.server.pool;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.server.deployment.ModuleEviction;
import dev.wasmfaas.server.function.FunctionMetadata;

/** Tells every worker process of the pool to drop the modules of removed versions. */
@Component
class WorkerModuleEviction implements ModuleEviction {

    private static final Logger log = LoggerFactory.getLogger(WorkerModuleEviction.class);

    private final WorkerPool pool;
    private final ServiceClients clients;

    WorkerModuleEviction(WorkerPool pool, ServiceClients clients) {
        this.pool = pool;
        this.clients = clients;
    }

    @Override
    public void evict(List<FunctionMetadata> removed) {
        for (PooledWorker worker : pool.workers()) {
            RestClient client = clients.restClient(Endpoint.parse(worker.endpoint()));
            for (FunctionMetadata version : removed) {
                try {
                    client.delete().uri("/modules/{digest}", version.digest()).retrieve()
                            .onStatus(status -> status.value() == 404, (request, response) -> { })
                            .toBodilessEntity();
                } catch (RestClientException ex) {
                    log.debug("{} could not evict {}: {}", worker.id(), version.id(), ex.getMessage());
                }
            }
        }
    }
}
