package dev.wasmfaas.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The real {@code kubectl kustomize}: whichever kubectl the machine has ({@code FAAS_KUBECTL}, else the PATH's). */
final class Kustomize {

    private final Path kubectl;

    private Kustomize(Path kubectl) {
        this.kubectl = kubectl;
    }

    /** The kubectl to use, or empty when this machine has none (or FAAS_KUBECTL names no program). */
    static Optional<Kustomize> find() {
        String configured = System.getenv("FAAS_KUBECTL");
        if (configured != null && !configured.isBlank()) {
            Path given = Path.of(configured);
            return Files.isExecutable(given) ? Optional.of(new Kustomize(given)) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Kustomize(candidate));
            }
        }
        return Optional.empty();
    }

    /** The objects {@code kubectl kustomize dir} renders, as one multi-document YAML text. */
    String render(Path dir) throws IOException, InterruptedException {
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " exited with " + process.exitValue() + ": "
                        + Files.readString(err));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return kubectl.toString();
    }
}
