package dev.wasmfaas.server.system;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import dev.wasmfaas.common.contract.QueueStatus;
import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.StrategySetting;
import dev.wasmfaas.common.contract.WorkerState;
import dev.wasmfaas.common.contract.WorkerStatus;
import dev.wasmfaas.server.autoscale.AutoscaleStatus;
import dev.wasmfaas.server.autoscale.Autoscaler;
import dev.wasmfaas.server.cgroup.CgroupStatus;
import dev.wasmfaas.server.cgroup.CgroupView;
import dev.wasmfaas.server.cgroup.WorkerCgroupView;
import dev.wasmfaas.server.cgroup.WorkerCgroups;
import dev.wasmfaas.server.invocation.BalancerClient;
import dev.wasmfaas.server.pool.PoolSize;
import dev.wasmfaas.server.pool.PooledWorker;
import dev.wasmfaas.server.pool.WorkerPool;

@WebMvcTest(SystemController.class)
@Import(dev.wasmfaas.server.web.WebTestConfiguration.class)
class SystemControllerTests {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    WorkerPool pool;
    @MockitoBean
    BalancerClient balancer;
    @MockitoBean
    Autoscaler autoscaler;
    @MockitoBean
    WorkerCgroups cgroups;

    @Test
    void joinsThePoolAndTheBalancerViewOfEachWorker() throws Exception {
        given(pool.size()).willReturn(new PoolSize(3, 1, 1, 0));
        given(autoscaler.status()).willReturn(new AutoscaleStatus(true, 1, 4, 3, true, 2.5, 7.2, 2.8, 2, 0, 1, 0,
                new Autoscaler.Scaling(Instant.parse("2026-01-01T00:00:00Z"), 1, 3, "panic: ...")));
        Instant started = Instant.now().minusSeconds(42);
        given(pool.workers()).willReturn(List.of(
                new PooledWorker("worker-1", 1, 101, "unix:/r/worker-1.sock", WorkerState.READY, 4, 4, started),
                new PooledWorker("worker-3", 0, 103, "unix:/r/worker-3.sock", WorkerState.READY, 0, 4, started)));
        given(pool.restarts()).willReturn(2);
        given(balancer.workers()).willReturn(List.of(new WorkerStatus("worker-1", "unix:/r/worker-1.sock", 101, 4, 3,
                WorkerState.READY, 2, 1, 40, 1, started)));
        given(balancer.strategy()).willReturn(new StrategySetting(Strategy.WEIGHTED));
        given(balancer.queue()).willReturn(new QueueStatus(5, 256, 3, 16, "a1-4"));
        given(cgroups.status()).willReturn(new CgroupStatus(true, "v1", "/sys/fs/cgroup/memory/faas-7", null,
                1L << 30, 0, 4096, 1, 64));
        given(cgroups.view("worker-1")).willReturn(java.util.Optional.of(new WorkerCgroupView(
                new CgroupView("worker-1", 200L << 20, 1L << 30, 250L << 20, 0, 12.5, 0, 0, 40, 4096, 0, 75),
                List.of(new CgroupView("worker-1.script-0", 1L << 20, 160L << 20, 90L << 20, 1, 0.5, 0.25, 3, 0, 64, 7,
                        100)))));
        given(cgroups.view("worker-3")).willReturn(java.util.Optional.empty());

        mvc.perform(get("/system/workers"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("WEIGHTED"))
                .andExpect(jsonPath("$.size").value(3))
                .andExpect(jsonPath("$.autoscaling.enabled").value(true))
                .andExpect(jsonPath("$.autoscaling.desired").value(3))
                .andExpect(jsonPath("$.autoscaling.panic").value(true))
                .andExpect(jsonPath("$.autoscaling.panicConcurrency").value(7.2))
                .andExpect(jsonPath("$.autoscaling.lastScaling.to").value(3))
                .andExpect(jsonPath("$.restarts").value(2))
                .andExpect(jsonPath("$.queued").value(5))
                .andExpect(jsonPath("$.queueCapacity").value(256))
                .andExpect(jsonPath("$.workers[0].id").value("worker-1"))
                .andExpect(jsonPath("$.workers[0].pid").value(101))
                .andExpect(jsonPath("$.workers[0].state").value("ready"))
                .andExpect(jsonPath("$.workers[0].weight").value(3))
                .andExpect(jsonPath("$.workers[0].inFlight").value(2))
                .andExpect(jsonPath("$.workers[0].queued").value(1))
                .andExpect(jsonPath("$.workers[0].completed").value(40))
                .andExpect(jsonPath("$.workers[0].failed").value(1))
                .andExpect(jsonPath("$.workers[0].uptimeSeconds").value(org.hamcrest.Matchers.greaterThanOrEqualTo(42)))
                .andExpect(jsonPath("$.cgroups.enabled").value(true))
                .andExpect(jsonPath("$.cgroups.version").value("v1"))
                .andExpect(jsonPath("$.cgroups.workerMemoryBytes").value(1L << 30))
                .andExpect(jsonPath("$.workers[0].cgroup.worker.memoryLimitBytes").value(1L << 30))
                .andExpect(jsonPath("$.workers[0].cgroup.worker.cpuWeight").value(75))
                .andExpect(jsonPath("$.workers[0].cgroup.scripts[0].name").value("worker-1.script-0"))
                .andExpect(jsonPath("$.workers[0].cgroup.scripts[0].oomKills").value(1))
                .andExpect(jsonPath("$.workers[0].cgroup.scripts[0].pidsRejected").value(7))
                .andExpect(jsonPath("$.workers[1].cgroup").doesNotExist())
                .andExpect(jsonPath("$.workers[1].spare").value(true));
    }

    @Test
    void switchesTheStrategyWhateverItsCase() throws Exception {
        given(balancer.strategy(new StrategySetting(Strategy.FIFO))).willReturn(new StrategySetting(Strategy.FIFO));

        mvc.perform(put("/system/strategy").contentType(MediaType.APPLICATION_JSON).content("{\"strategy\":\"fifo\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.strategy").value("FIFO"));
    }

    @Test
    void refusesAnUnknownStrategyWithoutAskingTheBalancer() throws Exception {
        mvc.perform(put("/system/strategy").contentType(MediaType.APPLICATION_JSON).content("{\"strategy\":\"RANDOM\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.ok").value(false));
        mvc.perform(put("/system/strategy").contentType(MediaType.APPLICATION_JSON).content("not json"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.ok").value(false));
        verify(balancer, never()).strategy(any(StrategySetting.class));
    }
}
