package dev.lmkit.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.*;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The TCP ports a set of processes listen on, sampled while they run: this JVM (the driver), the processes whose
 * PIDs a file lists, and all their descendants (executors). From /proc: each process's socket inodes
 * ({@code /proc/PID/fd}) matched against the LISTEN rows of {@code /proc/net/tcp} and {@code tcp6}.
 */
final class ListeningSockets {
    private final Path pids;
    private final Set<String> seen = new ConcurrentSkipListSet<>();
    private volatile boolean running = true;
    private final Thread sampler;

    private ListeningSockets(Path pids) {
        this.pids = pids;
        sampler = new Thread(() -> {
            while (running) {
                try {
                    sample();
                    Thread.sleep(100);
                } catch (IOException e) {
                    // a process ended between listing and reading: sample again
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "listening-sockets");
        sampler.setDaemon(true);
        sampler.start();
    }

    static ListeningSockets watch(Path pids) {
        return new ListeningSockets(pids);
    }

    void stop() throws InterruptedException {
        running = false;
        sampler.join(5000);
    }

    /** "address:port" of every listening socket seen. */
    Set<String> seen() {
        return seen;
    }

    Set<String> addresses() {
        Set<String> out = new TreeSet<>();
        for (String s : seen) out.add(s.substring(0, s.lastIndexOf(':')));
        return out;
    }

    private void sample() throws IOException {
        Set<Long> processes = new HashSet<>();
        processes.add(ProcessHandle.current().pid());
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) continue;
            long pid = Long.parseLong(line.strip());
            processes.add(pid);
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> processes.add(d.pid())));
        }
        ProcessHandle.current().descendants().forEach(d -> processes.add(d.pid()));
        Set<String> inodes = new HashSet<>();
        for (long pid : processes) {
            try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> rows = Files.readAllLines(Path.of(table));
            for (String row : rows.subList(1, rows.size())) {
                String[] f = row.trim().split("\\s+");
                if (!"0A".equals(f[3]) || !inodes.contains(f[9])) continue; // 0A: LISTEN
                String[] local = f[1].split(":");
                seen.add(address(local[0]) + ":" + Integer.parseInt(local[1], 16));
            }
        }
    }

    /** /proc's hex address (each 32-bit word little-endian) as text; IPv4-mapped IPv6 addresses read as IPv4. */
    private static String address(String hex) throws IOException {
        byte[] b = new byte[hex.length() / 2];
        for (int w = 0; w < b.length / 4; w++) {
            for (int i = 0; i < 4; i++) b[w * 4 + i] = (byte) Integer.parseInt(hex.substring(w * 8 + (3 - i) * 2, w * 8 + (3 - i) * 2 + 2), 16);
        }
        return InetAddress.getByAddress(b).getHostAddress();
    }
}
