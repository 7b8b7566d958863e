package dev.wasmfaas.common.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform's parent group, under which every worker and every script sandbox gets a group of its own
 * (all siblings: on v2 only a group without processes of its own hands controllers to children).
 */
public final class CgroupParent {

    private static final Pattern SERVER_GROUP = Pattern.compile("faas-(\\d+)");
    private static final Pattern CHILD_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final CgroupVersion version;
    private final Map<String, Path> dirs;

    /**
     * @param dirs its directory per controller: {@code memory}, {@code cpu}, {@code pids}, and on v1 maybe
     *        {@code cpuacct}
     */
    public CgroupParent(CgroupVersion version, Map<String, Path> dirs) {
        for (String controller : CgroupHost.REQUIRED) {
            if (!dirs.containsKey(controller)) {
                throw new IllegalArgumentException("the parent cgroup needs a " + controller + " directory");
            }
        }
        this.version = version;
        this.dirs = Map.copyOf(dirs);
    }

    public CgroupVersion version() {
        return version;
    }

    /** Its directory per controller, what a worker is told to find it by. */
    public Map<String, Path> dirs() {
        return dirs;
    }

    /** The parent itself, for its accounting (the sum of its children's). */
    public Cgroup cgroup() {
        return new Cgroup(version, "", dirs);
    }

    /** Creates the child group {@code name} (or takes the existing one) and sets its limits. */
    public Cgroup create(String name, CgroupLimits limits) {
        Cgroup child = child(name);
        try {
            for (Path dir : child.dirs()) {
                Files.createDirectories(dir);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot create cgroup " + name + ": " + CgroupHost.describe(ex), ex);
        }
        child.apply(limits);
        return child;
    }

    /** The child group {@code name}, whether or not it exists. */
    public Cgroup child(String name) {
        if (!CHILD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a cgroup name: " + name);
        }
        Map<String, Path> childDirs = new LinkedHashMap<>();
        dirs.forEach((controller, dir) -> childDirs.put(controller, dir.resolve(name)));
        return new Cgroup(version, name, childDirs);
    }

    /** The names of its children that start with {@code prefix}, sorted. */
    public List<String> children(String prefix) {
        try (Stream<Path> entries = Files.list(dirs.get("memory"))) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix)).sorted().toList();
        } catch (IOException ex) {
            return List.of();
        }
    }

    /** Removes the children that can go, then itself; false when something is left. */
    public boolean remove() {
        boolean removed = true;
        for (String name : children("")) {
            removed &= child(name).remove();
        }
        return cgroup().remove() && removed;
    }

    // A server that was killed leaves its faas-<pid> group behind; nothing in it runs any more.
    static void removeAbandoned(Collection<Path> serverGroups) {
        for (Path group : serverGroups.stream().distinct().toList()) {
            List<Path> left = new ArrayList<>();
            try (Stream<Path> entries = Files.list(group)) {
                entries.filter(Files::isDirectory).forEach(left::add);
            } catch (IOException ex) {
                continue;
            }
            for (Path dir : left) {
                var match = SERVER_GROUP.matcher(dir.getFileName().toString());
                if (match.matches() && ProcessHandle.of(Long.parseLong(match.group(1))).isEmpty()) {
                    removeTree(dir);
                }
            }
        }
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isDirectory).forEach(CgroupParent::removeTree);
        } catch (IOException ex) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ex) {
            // a process still in it: left for the next start
        }
    }
}
