package io.podyard.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as {@code /proc/PID/stat} describes it: its state letter and its start time (clock
 * ticks after boot). The pid and the start time together name one process for good (runc itself
 * checks a container's init this way), so reading them tells whether a container's process still
 * runs without forking {@code runc state}.
 */
record ProcStat(char state, long startTicks) {
    /** Zombie or dead: the process has ended, its parent just has not reaped it yet. */
    boolean ended() {
        return state == 'Z' || state == 'X' || state == 'x';
    }

    /** The process's stat line, or empty when there is no such process (or the line is unreadable). */
    static Optional<ProcStat> read(int pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether process {@code pid} runs and is the one that started at {@code startTicks}. */
    static boolean alive(int pid, long startTicks) {
        return read(pid).filter(s -> s.startTicks() == startTicks && !s.ended()).isPresent();
    }

    /**
     * Parses {@code pid (comm) state ppid ... starttime ...}: comm may hold spaces and parentheses,
     * so the fields are counted from the last ')'; state is field 3 and starttime field 22.
     */
    static Optional<ProcStat> parse(String line) {
        int close = line.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        String[] fields = line.substring(close + 1).strip().split(" +");
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        if (fields.length < 20 || fields[0].length() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
