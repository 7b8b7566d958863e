package dev.wasmfaas.balancer.scheduling;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/**
 * The server registers, replaces, drains and removes its worker processes here (on the balancer's own listener),
 * and remote workers register, renew and leave on the mutual-TLS listener. A registration that came over TLS
 * must carry a lease and an {@code https://} endpoint, and can neither replace nor remove a worker of the local
 * pool.
 */
@RestController
@RequestMapping("/workers")
class WorkerController {

    private final SlotScheduler scheduler;
    private final WorkerRegistry registry;

    WorkerController(SlotScheduler scheduler, WorkerRegistry registry) {
        this.scheduler = scheduler;
        this.registry = registry;
    }

    @PutMapping("/{id}")
    WorkerStatus register(@PathVariable String id, @RequestBody WorkerRegistration registration,
            HttpServletRequest request) {
        if (!id.equals(registration.id())) {
            throw new FaasException(ErrorKind.BAD_REQUEST,
                    "the worker id in the path (" + id + ") differs from the body's (" + registration.id() + ")");
        }
        if (request.isSecure()) {
            checkRemote(registration);
        }
        return scheduler.register(registration).status();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String id, HttpServletRequest request) {
        if (request.isSecure()) {
            registry.find(id).filter(worker -> !worker.leased()).ifPresent(worker -> {
                throw localWorker(id);
            });
        }
        scheduler.remove(id).orElseThrow(() -> new FaasException(ErrorKind.NOT_FOUND, "no worker " + id));
    }

    /** Out of rotation before it stops: the answer shows its calls still in flight. */
    @PostMapping("/{id}/drain")
    WorkerStatus drain(@PathVariable String id) {
        return scheduler.drain(id).map(Worker::status)
                .orElseThrow(() -> new FaasException(ErrorKind.NOT_FOUND, "no worker " + id));
    }

    private void checkRemote(WorkerRegistration registration) {
        if (!registration.leased()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a remote worker registers with a lease (leaseMs)");
        }
        if (registration.endpoint() == null || !registration.endpoint().startsWith("https://")) {
            throw new FaasException(ErrorKind.BAD_REQUEST,
                    "a remote worker is called with mutual TLS: its endpoint is https://host:port");
        }
        registry.find(registration.id()).filter(worker -> !worker.leased()).ifPresent(worker -> {
            throw localWorker(registration.id());
        });
    }

    private static FaasException localWorker(String id) {
        return new FaasException(ErrorKind.FORBIDDEN, id + " is a worker of the server's local pool");
    }

    @GetMapping
    List<WorkerStatus> list() {
        return registry.statuses();
    }
}
