package io.podyard.apiserver.services;

/** The node ports Services may use, e.g. 30000-32767 (both ends included). */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("a node port range is first-last within 1-65535");
        }
    }

    /** Parses {@code 30000-32767} (or a single port). */
    public static PortRange parse(String range) {
        String[] ends = range.split("-", -1);
        try {
            int first = Integer.parseInt(ends[0].trim());
            int last = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : first;
            if (ends.length > 2) {
                throw new NumberFormatException();
            }
            return new PortRange(first, last);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + range + "\" is not a port range (e.g. 30000-32767)");
        }
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
