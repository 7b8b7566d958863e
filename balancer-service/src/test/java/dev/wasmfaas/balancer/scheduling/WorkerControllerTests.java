package dev.wasmfaas.balancer.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.wasmfaas.balancer.registry.Worker;
import dev.wasmfaas.balancer.registry.WorkerRegistry;
import dev.wasmfaas.common.contract.WorkerRegistration;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

@WebMvcTest(WorkerController.class)
class WorkerControllerTests {

    private static final WorkerRegistration REGISTRATION =
            new WorkerRegistration("worker-1", "unix:/run/faas/worker-1.sock", 4711, 1, 1);

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private SlotScheduler scheduler;

    @MockitoBean
    private WorkerRegistry registry;

    @Test
    void registersAWorker() {
        Worker worker = new Worker(REGISTRATION, Instant.parse("2025-01-01T00:00:00Z"));
        given(scheduler.register(REGISTRATION)).willReturn(worker);

        assertThat(mvc.put().uri("/workers/worker-1").contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"worker-1","endpoint":"unix:/run/faas/worker-1.sock","pid":4711,"slots":1,"weight":1}"""))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"id":"worker-1","endpoint":"unix:/run/faas/worker-1.sock","pid":4711,"slots":1,"weight":1,
                         "state":"READY","inFlight":0,"queued":0,"completed":0,"failed":0,
                         "registeredAt":"2025-01-01T00:00:00Z"}""");
    }

    @Test
    void refusesAnIdThatDiffersFromThePath() {
        assertThat(mvc.put().uri("/workers/worker-2").contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"worker-1","endpoint":"unix:/run/faas/worker-1.sock","pid":4711,"slots":1,"weight":1}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/bad-request","status":400,"ok":false,
                         "detail":"the worker id in the path (worker-2) differs from the body's (worker-1)"}""");
        verify(scheduler, never()).register(any());
    }

    @Test
    void relaysTheRegistrysRefusal() {
        given(scheduler.register(any()))
                .willThrow(new FaasException(ErrorKind.BAD_REQUEST, "bad endpoint for worker-1"));

        assertThat(mvc.put().uri("/workers/worker-1").contentType(MediaType.APPLICATION_JSON).content("""
                {"id":"worker-1","endpoint":"ftp://x","pid":1,"slots":1,"weight":1}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/bad-request","ok":false,"detail":"bad endpoint for worker-1"}""");
    }

    @Test
    void aMalformedBodyIsAProblemToo() {
        assertThat(mvc.put().uri("/workers/worker-1").contentType(MediaType.APPLICATION_JSON).content("{"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/bad-request","status":400,"ok":false}""");
    }

    @Test
    void removesAWorker() {
        given(scheduler.remove("worker-1")).willReturn(Optional.of(new Worker(REGISTRATION, Instant.now())));

        assertThat(mvc.delete().uri("/workers/worker-1")).hasStatus(HttpStatus.NO_CONTENT);
    }

    @Test
    void removingAnUnknownWorkerIsNotFound() {
        given(scheduler.remove("worker-9")).willReturn(Optional.empty());

        assertThat(mvc.delete().uri("/workers/worker-9"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/not-found","status":404,"ok":false,"detail":"no worker worker-9"}""");
    }

    @Test
    void drainsAWorkerAndShowsWhatIsStillInFlight() {
        Worker worker = new Worker(REGISTRATION, Instant.now());
        worker.started();
        worker.markDraining();
        given(scheduler.drain("worker-1")).willReturn(Optional.of(worker));

        assertThat(mvc.post().uri("/workers/worker-1/drain"))
                .hasStatusOk()
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"id":"worker-1","state":"DRAINING","inFlight":1}""");
    }

    @Test
    void drainingAnUnknownWorkerIsNotFound() {
        given(scheduler.drain("worker-9")).willReturn(Optional.empty());

        assertThat(mvc.post().uri("/workers/worker-9/drain"))
                .hasStatus(HttpStatus.NOT_FOUND)
                .bodyJson()
                .isLenientlyEqualTo("""
                        {"type":"/problems/not-found","status":404,"detail":"no worker worker-9"}""");
    }

    @Test
    void listsWorkers() {
        given(registry.statuses()).willReturn(List.of(new Worker(REGISTRATION, Instant.now()).status()));

        assertThat(mvc.get().uri("/workers"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$[*].id")
                .asArray()
                .containsExactly("worker-1");
    }
}
