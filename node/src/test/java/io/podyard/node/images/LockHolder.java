package io.podyard.node.images;

import java.nio.file.Path;

/**
 * A second process for {@link StoreLockTest}: takes a store region exclusively, says so on stdout,
 * and holds it until its stdin closes.
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        StoreLock lock = StoreLock.open(Path.of(args[0]));
        StoreLock.Region region = args[1].equals("content") ? lock.content() : lock.catalog();
        StoreLock.Held held = region.exclusive();
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until the parent closes our stdin
        }
        held.close();
        lock.release();
    }
}
