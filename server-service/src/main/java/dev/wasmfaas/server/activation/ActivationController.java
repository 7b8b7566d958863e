package dev.wasmfaas.server.activation;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.contract.ActivationId;
import dev.wasmfaas.common.contract.FunctionName;
import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.config.ServerProperties;

/** {@code GET /activations/{id}} and {@code GET /activations?fn=<id or name>&limit=<n>}, newest first. */
@RestController
class ActivationController {

    private final ActivationStore store;
    private final ServerProperties.Activations bounds;

    ActivationController(ActivationStore store, ServerProperties properties) {
        this.store = store;
        this.bounds = properties.activations();
    }

    @GetMapping(path = "/activations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Activation activation(@PathVariable String id) {
        if (!ActivationId.isValid(id)) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "an activation id is 1 to 64 characters of a-z, A-Z, 0-9 and '-'");
        }
        return store.find(id).orElseThrow(() -> new FaasException(ErrorKind.ACTIVATION_NOT_FOUND,
                "no activation '" + id + "' (unknown, or no longer kept)"));
    }

    @GetMapping(path = "/activations", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ActivationSummary> activations(@RequestParam(required = false) String fn,
            @RequestParam(required = false) String limit) {
        if (fn != null && !FunctionName.isValid(fn)) {
            throw new FaasException(ErrorKind.INVALID_NAME,
                    "fn is a function name or id: 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'");
        }
        return store.recent(fn, limitOf(limit)).stream().map(ActivationSummary::of).toList();
    }

    private int limitOf(String limit) {
        if (limit == null) {
            return bounds.defaultLimit();
        }
        int value;
        try {
            value = Integer.parseInt(limit);
        } catch (NumberFormatException ex) {
            value = 0;
        }
        if (value < 1 || value > bounds.maxLimit() || !limit.equals(Integer.toString(value))) {
            throw new FaasException(ErrorKind.BAD_REQUEST,
                    "limit is a whole number from 1 to " + bounds.maxLimit() + " (default " + bounds.defaultLimit()
                            + ")");
        }
        return value;
    }
}
