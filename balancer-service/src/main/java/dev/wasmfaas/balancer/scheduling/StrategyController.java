package dev.wasmfaas.balancer.scheduling;

import java.util.Arrays;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.Strategy;
import dev.wasmfaas.common.contract.StrategySetting;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;

/** Reads and changes the strategy while the balancer runs; the server publishes it as {@code /system/strategy}. */
@RestController
@RequestMapping("/strategy")
class StrategyController {

    private final SlotScheduler scheduler;

    StrategyController(SlotScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @GetMapping
    StrategySetting current() {
        return new StrategySetting(scheduler.strategy());
    }

    @PutMapping
    StrategySetting change(@RequestBody StrategyChange change) {
        Strategy wanted = Strategy.parse(change.strategy()).orElseThrow(() -> new FaasException(ErrorKind.BAD_REQUEST,
                (change.strategy() == null ? "no strategy given" : "unknown strategy '" + change.strategy() + "'")
                        + "; one of " + Arrays.toString(Strategy.values())));
        return new StrategySetting(scheduler.switchTo(wanted));
    }

    /** The body of {@code PUT /strategy}, read as text so an unknown name gets a precise answer. */
    record StrategyChange(String strategy) {
    }
}
