package dev.wasmfaas.server.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.wasmfaas.common.error.ErrorKind;
import dev.wasmfaas.common.error.FaasException;
import dev.wasmfaas.server.function.FunctionMetadata;
import dev.wasmfaas.server.function.FunctionRegistry;
import dev.wasmfaas.server.function.FunctionStore;

/**
 * {@code GET /modules/{sha256}}: the artifact (module, script or page) of a stored function version with that
 * SHA-256, as a remote worker fetches it. Served on the mutual-TLS listener only: a peer must hold a
 * certificate of the platform's CA. The worker checks the digest of what it gets.
 */
@RestController
class ModuleController {

    private static final Pattern SHA_256 = Pattern.compile("[0-9a-f]{64}");

    private final FunctionRegistry registry;
    private final FunctionStore store;

    ModuleController(FunctionRegistry registry, FunctionStore store) {
        this.registry = registry;
        this.store = store;
    }

    @GetMapping("/modules/{digest}")
    ResponseEntity<byte[]> module(@PathVariable String digest, HttpServletRequest request) {
        if (!request.isSecure()) {
            throw new FaasException(ErrorKind.NOT_FOUND, "modules are served on the mutual-TLS listener only");
        }
        if (!SHA_256.matcher(digest).matches()) {
            throw new FaasException(ErrorKind.BAD_REQUEST, "a module is asked for by its SHA-256: 64 lower-case hex digits");
        }
        FunctionMetadata function = registry.findByDigest(digest).orElseThrow(() -> unknown(digest));
        try {
            byte[] artifact = Files.readAllBytes(store.directoryOf(function).resolve(function.artifactFile()));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM).body(artifact);
        } catch (NoSuchFileException ex) {
            throw unknown(digest);
        } catch (IOException ex) {
            throw new FaasException(ErrorKind.INTERNAL, "cannot read the artifact " + digest + ": " + ex);
        }
    }

    private static FaasException unknown(String digest) {
        return new FaasException(ErrorKind.NOT_FOUND, "no stored function version has an artifact with SHA-256 " + digest);
    }
}
