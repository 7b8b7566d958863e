package dev.wasmfaas.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The stages of docker/Dockerfile that matter to a manifest: what each runs, and which files it copies in. */
record Dockerfile(Map<String, Stage> stages, long uid) {

    private static final Pattern FROM = Pattern.compile("(?i)^FROM\\s+\\S+\\s+AS\\s+(\\S+)\\s*$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?i)^ENTRYPOINT\\s+\\[(.*)]\\s*$");
    private static final Pattern COPY = Pattern.compile("(?i)^COPY\\s+.*\\s(\\S+)\\s*$");
    private static final Pattern UID = Pattern.compile("useradd\\s.*--uid\\s+(\\d+)");

    /**
     * One build stage.
     *
     * @param entrypoint its ENTRYPOINT, empty when it has none
     * @param copied the destinations of its COPY instructions
     */
    record Stage(List<String> entrypoint, List<String> copied) {
    }

    static Dockerfile read(Path file) throws IOException {
        Map<String, Stage> stages = new LinkedHashMap<>();
        List<String> entrypoint = new ArrayList<>();
        List<String> copied = new ArrayList<>();
        String current = null;
        long uid = -1;
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            Matcher m;
            if ((m = FROM.matcher(trimmed)).matches()) {
                current = m.group(1);
                entrypoint = new ArrayList<>();
                copied = new ArrayList<>();
                stages.put(current, new Stage(entrypoint, copied));
            } else if ((m = ENTRYPOINT.matcher(trimmed)).matches()) {
                for (String word : m.group(1).split(",")) {
                    entrypoint.add(word.strip().replaceAll("^\"|\"$", ""));
                }
            } else if ((m = COPY.matcher(trimmed)).matches()) {
                copied.add(m.group(1));
            }
            if ((m = UID.matcher(trimmed)).find()) {
                uid = Long.parseLong(m.group(1));
            }
        }
        return new Dockerfile(stages, uid);
    }

    /** The jar a container runs: given after {@code -jar} in its command, or in its image stage's entrypoint. */
    static String jarOf(List<String> command) {
        int at = command.indexOf("-jar");
        return at >= 0 && at + 1 < command.size() ? command.get(at + 1) : null;
    }
}
