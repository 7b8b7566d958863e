package dev.wasmfaas.server.pool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.wasmfaas.common.contract.ModulePreparation;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.common.error.RemoteErrors;
import dev.wasmfaas.common.http.Endpoint;
import dev.wasmfaas.common.http.ServiceClients;
import dev.wasmfaas.server.deployment.ModuleCompilation;

/**
 * Compiles a deployed module in the first ready worker of the pool ({@code PUT /modules/{digest}}),
 * which writes it to the compilation cache all workers share, then has the other workers load it from
 * there, all at once, waiting for them a few seconds at most.
 */
@Component
class WorkerModuleCompilation implements ModuleCompilation, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WorkerModuleCompilation.class);
    private static final Duration WARM_WAIT = Duration.ofSeconds(5);

    private final WorkerPool pool;
    private final ServiceClients clients;
    private final ExecutorService warming = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("module-warming-", 0).factory());

    WorkerModuleCompilation(WorkerPool pool, ServiceClients clients) {
        this.pool = pool;
        this.clients = clients;
    }

    @Override
    public void compile(Path module, String digest) {
        PooledWorker worker = ready().stream().findFirst().orElseThrow(() -> new FaasException(ErrorKind.NO_WORKER,
                "no worker is ready to compile the module; try again when the pool is up"));
        ModulePreparation.Answer answer;
        try {
            answer = prepare(worker, module, digest);
        } catch (RestClientException ex) {
            throw new FaasException(ErrorKind.WORKER_LOST, "worker " + worker.id()
                    + " could not be reached to compile the module: " + ex.getMessage(), Map.of(), ex);
        }
        log.info("compiled module {} in {} ({} ms)", digest.substring(0, 12), worker.id(),
                answer == null ? -1 : answer.millis());
    }

    @Override
    public void warm(Path module, String digest) {
        List<PooledWorker> workers = ready();
        List<Future<?>> loading = new ArrayList<>();
        for (PooledWorker worker : workers.subList(Math.min(1, workers.size()), workers.size())) {
            loading.add(warming.submit(() -> {
                try {
                    prepare(worker, module, digest);
                } catch (RuntimeException ex) {
                    log.debug("{} did not load {} ahead: {}", worker.id(), digest, ex.getMessage());
                }
            }));
        }
        // Reading a compiled module from the cache takes milliseconds: the deploy waits for it (within a bound),
        // so that its first invocation finds every worker ready, whichever one it goes to.
        long deadline = System.nanoTime() + WARM_WAIT.toNanos();
        for (Future<?> load : loading) {
            try {
                load.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException ex) {
                return;
            } catch (ExecutionException ex) {
                log.debug("loading {} ahead failed: {}", digest, ex.getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // Registered workers first, then the spares: the first is the one compile() uses.
    private List<PooledWorker> ready() {
        return pool.workers().stream().filter(worker -> worker.state() == WorkerState.READY).toList();
    }

    private ModulePreparation.Answer prepare(PooledWorker worker, Path module, String digest) {
        RestClient client = clients.restClient(Endpoint.parse(worker.endpoint()));
        return client.put().uri("/modules/{digest}", digest).contentType(MediaType.APPLICATION_JSON)
                .body(new ModulePreparation(module.toAbsolutePath().toString())).retrieve()
                .onStatus(HttpStatusCode::isError, RemoteErrors.relay()).body(ModulePreparation.Answer.class);
    }

    @Override
    public void destroy() {
        warming.shutdownNow();
    }
}
