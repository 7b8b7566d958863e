package dev.wasmfaas.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts of their own on this machine: {@code ip netns} namespaces, each joined to the root namespace by a veth
 * pair on a /30 of 10.200.0.0/16 (the host side {@code .1}, the namespace side {@code .2}). A host is cut off by
 * taking its host-side link down: its packets are then dropped, as when a cable is pulled. Everything made here
 * is removed by {@link #close()}, also after a failure.
 */
final class NetworkNamespaces implements AutoCloseable {

    private final String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final int firstSubnet = 10 + (int) (ProcessHandle.current().pid() % 100) * 2;
    private final List<Host> hosts = new ArrayList<>();

    /** Why this machine cannot make namespaces (not root, no {@code ip}), or null when it can. */
    static String unavailable() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network namespaces need root";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip")) && !Files.isExecutable(Path.of("/bin/ip"))) {
            return "no 'ip' command (Debian: apt-get install iproute2)";
        }
        try {
            run("ip", "netns", "list");
        } catch (IOException ex) {
            return "'ip netns' does not work here: " + ex.getMessage();
        }
        return null;
    }

    /** A new namespace, linked to this one and up. */
    Host add() throws IOException {
        int index = hosts.size() + 1;
        Host host = new Host("faas-r" + index + "-" + suffix, "vh" + index + "-" + suffix, "vn" + index + "-" + suffix,
                "10.200." + (firstSubnet + index - 1) + ".1", "10.200." + (firstSubnet + index - 1) + ".2");
        hosts.add(host);
        run("ip", "netns", "add", host.namespace);
        run("ip", "link", "add", host.hostLink, "type", "veth", "peer", "name", host.innerLink);
        run("ip", "link", "set", host.innerLink, "netns", host.namespace);
        run("ip", "addr", "add", host.hostAddress + "/30", "dev", host.hostLink);
        run("ip", "link", "set", host.hostLink, "up");
        run("ip", "netns", "exec", host.namespace, "ip", "addr", "add", host.address + "/30", "dev", host.innerLink);
        run("ip", "netns", "exec", host.namespace, "ip", "link", "set", host.innerLink, "up");
        run("ip", "netns", "exec", host.namespace, "ip", "link", "set", "lo", "up");
        return host;
    }

    @Override
    public void close() {
        for (Host host : hosts) {
            try {
                run("ip", "netns", "del", host.namespace);
            } catch (IOException ex) {
                System.err.println("could not remove namespace " + host.namespace + ": " + ex.getMessage());
            }
            try {
                // Gone with its peer already, unless the namespace never got it.
                run("ip", "link", "del", host.hostLink);
            } catch (IOException ex) {
                // already removed
            }
        }
    }

    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.strip());
            }
            return output;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
    }

    /**
     * One namespace.
     *
     * @param namespace its name
     * @param hostLink the veth end in the root namespace
     * @param innerLink the veth end inside it
     * @param hostAddress the root namespace's address on the link: where the namespace reaches the suite
     * @param address the namespace's address
     */
    record Host(String namespace, String hostLink, String innerLink, String hostAddress, String address) {

        /** Starts a command inside the namespace. */
        Process start(List<String> command, Path log) throws IOException {
            List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            inside.addAll(command);
            return new ProcessBuilder(inside).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }

        /** Takes the link down: from now on nothing reaches the namespace or comes back from it. */
        void cutOff() throws IOException {
            run("ip", "link", "set", hostLink, "down");
        }
    }
}
