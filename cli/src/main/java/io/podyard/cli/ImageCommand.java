package io.podyard.cli;

import io.podyard.node.images.Digest;
import io.podyard.node.images.Image;
import io.podyard.node.images.ImageException;
import io.podyard.node.images.ImageReference;
import io.podyard.node.images.ImageService;
import io.podyard.node.images.ImageServiceOptions;
import io.podyard.node.images.PullPolicy;
import io.podyard.node.images.RegistryCredentials;
import io.podyard.node.images.RemovedImage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code podyard image …}: the node's image store ({@code <data-dir>/images}), shared with a running server. */
@Command(name = "image", description = "Manage the node's images (in <data-dir>/images).",
        subcommands = {ImageCommand.Import.class, ImageCommand.Ls.class, ImageCommand.Rm.class, ImageCommand.Pull.class})
final class ImageCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The store every image subcommand opens (and {@code -h}). */
    static final class Store {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Option(names = "--data-dir", description = "Podyard's state (default: /var/lib/podyard as root, else ~/.podyard)")
        Path dataDir;

        ImageService open(Set<String> insecureRegistries) {
            return ImageService.open(ImageServiceOptions.defaults(DataDir.orDefault(dataDir).resolve("images"))
                    .withInsecureRegistries(insecureRegistries));
        }
    }

    /** Runs {@code body}; an image error becomes one line on stderr and exit status 1. */
    private static int guarded(CommandSpec spec, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (ImageException | UncheckedIOException e) {
            spec.commandLine().getErr().println("podyard " + spec.qualifiedName().replace("podyard ", "") + ": "
                    + e.getMessage());
            return 1;
        }
    }

    @Command(name = "import", description = "Load images from an OCI layout directory, an OCI archive or a"
            + " docker-archive (docker save); blobs already present are not copied.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Parameters(arity = "1..*", paramLabel = "PATH")
        List<Path> paths;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return guarded(spec, () -> {
                try (ImageService images = store.open(Set.of())) {
                    for (Path path : paths) {
                        for (Image image : images.importArchive(path)) {
                            if (image.repoTags().isEmpty()) {
                                out.println("Loaded image ID: " + image.id());
                            }
                            image.repoTags().forEach(tag -> out.println("Loaded image: " + tag));
                        }
                    }
                }
                return 0;
            });
        }
    }

    @Command(name = "ls", aliases = "list", description = "List the images.")
    static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Option(names = {"-q", "--quiet"}, description = "only image IDs")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return guarded(spec, () -> {
                try (ImageService images = store.open(Set.of())) {
                    out.print(quiet ? ids(images.list()) : table(images.list()));
                    out.flush(); // print does not flush, and picocli's exit does not either
                }
                return 0;
            });
        }

        static String ids(List<Image> images) {
            StringBuilder out = new StringBuilder();
            images.stream().map(i -> i.id().shortHex()).distinct().forEach(id -> out.append(id).append('\n'));
            return out.toString();
        }

        /** One row per tag, as {@code crictl images} prints them; untagged images show their repository or {@code <none>}. */
        static String table(List<Image> images) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"IMAGE", "TAG", "IMAGE ID", "SIZE"});
            for (Image image : images) {
                String id = image.id().shortHex();
                String size = humanSize(image.size());
                if (image.repoTags().isEmpty()) {
                    String repository = image.repoDigests().isEmpty() ? "<none>"
                            : image.repoDigests().getFirst().substring(0, image.repoDigests().getFirst().indexOf('@'));
                    rows.add(new String[] {repository, "<none>", id, size});
                }
                for (String tag : image.repoTags()) {
                    ImageReference ref = ImageReference.parse(tag);
                    rows.add(new String[] {ref.name(), ref.tag(), id, size});
                }
            }
            int[] widths = new int[4];
            for (String[] row : rows) {
                for (int i = 0; i < 4; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                for (int i = 0; i < 3; i++) {
                    out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 3));
                }
                out.append(row[3]).append('\n');
            }
            return out.toString();
        }

        /** Docker's sizes: decimal units, three significant digits ({@code 1.09MB}). */
        static String humanSize(long bytes) {
            String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
            double value = bytes;
            int unit = 0;
            while (value >= 1000 && unit < units.length - 1) {
                value /= 1000;
                unit++;
            }
            return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString() + units[unit];
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove images by name, ID or ID prefix; content no"
            + " other image uses is deleted.")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Parameters(arity = "1..*", paramLabel = "IMAGE")
        List<String> references;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            int status = 0;
            try (ImageService images = store.open(Set.of())) {
                for (String reference : references) {
                    int result = guarded(spec, () -> {
                        RemovedImage removed = images.remove(reference);
                        removed.untagged().forEach(name -> out.println("Untagged: " + name));
                        removed.deleted().map(Digest::toString).ifPresent(id -> out.println("Deleted: " + id));
                        return 0;
                    });
                    status = Math.max(status, result);
                }
            }
            return status;
        }
    }

    @Command(name = "pull", description = "Pull an image into the node's store (loopback registries over plain HTTP).")
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Store store;
        @Option(names = "--insecure-registry", description = "a registry (host[:port]) to reach over plain HTTP (repeatable)")
        List<String> insecureRegistries = new ArrayList<>();
        @Parameters(arity = "1", paramLabel = "IMAGE")
        String reference;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return guarded(spec, () -> {
                try (ImageService images = store.open(new HashSet<>(insecureRegistries))) {
                    Image image = images.pull(reference, PullPolicy.ALWAYS, RegistryCredentials.NONE);
                    out.println("Pulled " + ImageReference.parse(reference) + " (" + image.id() + ")");
                }
                return 0;
            });
        }
    }
}
