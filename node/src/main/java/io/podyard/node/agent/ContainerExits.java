package io.podyard.node.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.function.Consumer;

/**
 * Tells the pod of each container that exits, the moment conmon writes its exit file
 * ({@code <runtime root>/exits/<pod uid>_<name>_<attempt>}), through inotify: exits are seen
 * without polling runc.
 */
final class ContainerExits implements AutoCloseable {
    private final WatchService watcher;
    private final Thread thread;

    private ContainerExits(WatchService watcher, Thread thread) {
        this.watcher = watcher;
        this.thread = thread;
    }

    static ContainerExits watch(Path exitDir, Consumer<String> podUid) {
        try {
            Files.createDirectories(exitDir);
            WatchService watcher = FileSystems.getDefault().newWatchService();
            exitDir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            Thread thread = Thread.ofVirtual().name("container-exits").start(() -> loop(watcher, podUid));
            return new ContainerExits(watcher, thread);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void loop(WatchService watcher, Consumer<String> podUid) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path file) {
                        String name = file.getFileName().toString();
                        int underscore = name.indexOf('_');
                        if (underscore > 0) {
                            podUid.accept(name.substring(0, underscore));
                        }
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
            thread.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
