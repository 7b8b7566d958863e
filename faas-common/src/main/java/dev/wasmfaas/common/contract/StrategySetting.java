package dev.wasmfaas.common.contract;

/**
 * The body of {@code GET} and {@code PUT /system/strategy}.
 *
 * @param strategy the strategy in force
 */
public record StrategySetting(Strategy strategy) {
}
