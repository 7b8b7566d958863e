package dev.wasmfaas.balancer.scheduling;

import java.util.List;

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

/** The server registers, replaces, drains and removes its worker processes here. */
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
    WorkerStatus register(@PathVariable String id, @RequestBody WorkerRegistration registration) {
        if (!id.equals(registration.id())) {
            throw new FaasException(ErrorKind.BAD_REQUEST,
                    "the worker id in the path (" + id + ") differs from the body's (" + registration.id() + ")");
        }
        return scheduler.register(registration).status();
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String id) {
        scheduler.remove(id).orElseThrow(() -> new FaasException(ErrorKind.NOT_FOUND, "no worker " + id));
    }

    /** Out of rotation before it stops: the answer shows its calls still in flight. */
    @PostMapping("/{id}/drain")
    WorkerStatus drain(@PathVariable String id) {
        return scheduler.drain(id).map(Worker::status)
                .orElseThrow(() -> new FaasException(ErrorKind.NOT_FOUND, "no worker " + id));
    }

    @GetMapping
    List<WorkerStatus> list() {
        return registry.statuses();
    }
}
