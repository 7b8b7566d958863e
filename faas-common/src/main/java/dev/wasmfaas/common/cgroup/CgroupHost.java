package dev.wasmfaas.common.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the host offers, found from {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}: the cgroup
 * version to use and this process's own group in each hierarchy. The unified hierarchy (v2) is used when it
 * has the memory, cpu and pids controllers; otherwise the v1 hierarchies of those controllers (a hybrid host
 * mounts both, its v2 hierarchy then holding no controller).
 */
public final class CgroupHost {

    static final List<String> REQUIRED = List.of("memory", "cpu", "pids");
    private static final String OPTIONAL_V1 = "cpuacct";

    private final CgroupVersion version;
    private final Map<String, Path> mounts;
    private final Map<String, Path> own;

    private CgroupHost(CgroupVersion version, Map<String, Path> mounts, Map<String, Path> own) {
        this.version = version;
        this.mounts = Map.copyOf(mounts);
        this.own = Map.copyOf(own);
    }

    /** This process's host, from its own /proc. */
    public static CgroupHost detect() {
        return detect(read(Path.of("/proc/self/mountinfo")), read(Path.of("/proc/self/cgroup")));
    }

    /**
     * @param mountinfo the text of {@code /proc/self/mountinfo}
     * @param selfCgroup the text of {@code /proc/self/cgroup}
     * @throws CgroupUnavailableException when no hierarchy has the controllers
     */
    public static CgroupHost detect(String mountinfo, String selfCgroup) {
        Map<String, String> paths = new LinkedHashMap<>();
        String unifiedPath = null;
        for (String line : selfCgroup.lines().toList()) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                unifiedPath = parts[2];
            }
            for (String controller : parts[1].split(",")) {
                if (!controller.isEmpty()) {
                    paths.put(controller, parts[2]);
                }
            }
        }
        Map<String, Path> v1Mounts = new LinkedHashMap<>();
        Map<String, Path> v1Own = new LinkedHashMap<>();
        Path unifiedOwn = null;
        Path unifiedMount = null;
        for (String line : mountinfo.lines().toList()) {
            Mount mount = Mount.parse(line);
            if (mount == null) {
                continue;
            }
            if (mount.type().equals("cgroup2") && unifiedPath != null && unifiedMount == null) {
                unifiedMount = mount.point();
                unifiedOwn = mount.dirOf(unifiedPath);
            } else if (mount.type().equals("cgroup")) {
                for (String option : mount.superOptions()) {
                    if ((REQUIRED.contains(option) || option.equals(OPTIONAL_V1)) && paths.containsKey(option)) {
                        v1Mounts.put(option, mount.point());
                        v1Own.put(option, mount.dirOf(paths.get(option)));
                    }
                }
            }
        }
        if (unifiedOwn != null) {
            Set<String> offered = Set.of(readOrEmpty(unifiedOwn.resolve("cgroup.controllers")).strip().split("\\s+"));
            if (offered.containsAll(REQUIRED)) {
                Map<String, Path> mounts = new LinkedHashMap<>();
                Map<String, Path> own = new LinkedHashMap<>();
                for (String controller : REQUIRED) {
                    mounts.put(controller, unifiedMount);
                    own.put(controller, unifiedOwn);
                }
                return new CgroupHost(CgroupVersion.V2, mounts, own);
            }
        }
        List<String> missing = REQUIRED.stream().filter(c -> !v1Own.containsKey(c)).toList();
        if (missing.isEmpty()) {
            return new CgroupHost(CgroupVersion.V1, v1Mounts, v1Own);
        }
        throw new CgroupUnavailableException(unifiedOwn == null && v1Own.isEmpty() ? "no cgroup hierarchy is mounted"
                : "no cgroup hierarchy offers the controllers " + missing + " (cgroup v2 offers "
                + (unifiedOwn == null ? "nothing" : "[" + readOrEmpty(unifiedOwn.resolve("cgroup.controllers")).strip()
                + "]") + ")");
    }

    public CgroupVersion version() {
        return version;
    }

    /** This process's own group, per controller. */
    public Map<String, Path> own() {
        return own;
    }

    /**
     * Creates (or takes over) the platform's parent group.
     *
     * @param location a path from each hierarchy's root ({@code /faas}); blank for {@code faas-<pid>} under this
     *        process's own group, where groups left by a server that died are removed first
     * @throws CgroupUnavailableException when it cannot be created or given its controllers (read-only cgroupfs,
     *         no permission, a v2 group with processes of its own)
     */
    public CgroupParent createParent(String location) {
        boolean beside = location == null || location.isBlank();
        Map<String, Path> dirs = new LinkedHashMap<>();
        String name = "faas-" + ProcessHandle.current().pid();
        own.forEach((controller, dir) -> dirs.put(controller, beside ? dir.resolve(name)
                : mounts.get(controller).resolve(location.replaceFirst("^/+", ""))));
        CgroupParent parent = new CgroupParent(version, dirs);
        if (beside) {
            CgroupParent.removeAbandoned(own.values());
        }
        try {
            if (version == CgroupVersion.V2) {
                enableControllers(dirs.get("memory").getParent());
            }
            for (Path dir : parent.cgroup().dirs()) {
                Files.createDirectories(dir);
            }
            if (version == CgroupVersion.V2) {
                enableControllers(dirs.get("memory"));
            }
        } catch (IOException ex) {
            throw new CgroupUnavailableException("cannot create the platform's cgroup " + parent.cgroup().dirs()
                    + ": " + describe(ex));
        }
        return parent;
    }

    // A v2 group hands a controller to its children only once it is named in its cgroup.subtree_control.
    private static void enableControllers(Path dir) throws IOException {
        Set<String> enabled = Set.of(readOrEmpty(dir.resolve("cgroup.subtree_control")).strip().split("\\s+"));
        List<String> wanted = new ArrayList<>();
        for (String controller : REQUIRED) {
            if (!enabled.contains(controller)) {
                wanted.add("+" + controller);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try {
            Files.writeString(dir.resolve("cgroup.subtree_control"), String.join(" ", wanted));
        } catch (IOException ex) {
            throw new IOException("cannot enable " + wanted + " in " + dir + "/cgroup.subtree_control ("
                    + describe(ex) + "; a v2 group with processes of its own cannot give controllers to children:"
                    + " set faas.server.cgroup.parent to a delegated group)", ex);
        }
    }

    static String describe(IOException ex) {
        String message = ex.getMessage();
        String kind = ex.getClass().getSimpleName();
        return switch (kind) {
            case "AccessDeniedException" -> "permission denied";
            case "FileSystemException" -> message != null && message.contains("Read-only") ? "read-only file system"
                    : String.valueOf(message);
            default -> String.valueOf(message);
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new CgroupUnavailableException("cannot read " + file + ": " + describe(ex));
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            return "";
        }
    }

    /** One line of mountinfo: {@code id parent dev root point options [optional...] - type source super}. */
    private record Mount(String root, Path point, String type, List<String> superOptions) {

        static Mount parse(String line) {
            String[] halves = line.split(" - ", 2);
            if (halves.length < 2) {
                return null;
            }
            String[] left = halves[0].split(" ");
            String[] right = halves[1].split(" ");
            if (left.length < 5 || right.length < 3) {
                return null;
            }
            return new Mount(unescape(left[3]), Path.of(unescape(left[4])), right[0], List.of(right[2].split(",")));
        }

        // A group's path is from the hierarchy's root; a mount may show a subtree of it (a container's).
        Path dirOf(String groupPath) {
            String relative = groupPath;
            if (!root.equals("/") && (groupPath.equals(root) || groupPath.startsWith(root + "/"))) {
                relative = groupPath.substring(root.length());
            }
            relative = relative.replaceFirst("^/+", "");
            return relative.isEmpty() ? point : point.resolve(relative);
        }

        // mountinfo writes space, tab, newline and backslash as octal escapes
        private static String unescape(String text) {
            return text.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
        }
    }
}
