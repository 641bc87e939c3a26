package io.podyard.node.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows: the files of a cgroup (v1 cpuacct + memory, or v2) → the usage read from them. */
class CgroupUsageTest {
    @TempDir
    Path dir;

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("cgroup v1", Map.of(
                                "cpuacct/cpuacct.usage", "123456789\n",
                                "memory/memory.usage_in_bytes", "10000\n",
                                "memory/memory.stat", "cache 9\nrss 1\ntotal_rss 4000\ntotal_inactive_file 3000\n"
                                        + "total_pgfault 7\ntotal_pgmajfault 2\n"),
                        Optional.of(new CgroupUsage(123456789, 10000, 7000, 4000, 7, 2))),
                Arguments.of("cgroup v1, more inactive file pages than usage: working set 0", Map.of(
                                "cpuacct/cpuacct.usage", "1\n",
                                "memory/memory.usage_in_bytes", "100\n",
                                "memory/memory.stat", "total_inactive_file 3000\n"),
                        Optional.of(new CgroupUsage(1, 100, 0, 0, 0, 0))),
                Arguments.of("cgroup v2 (one directory)", Map.of(
                                "cpuacct/cpu.stat", "usage_usec 2500\nuser_usec 2000\n",
                                "cpuacct/memory.current", "8192\n",
                                "cpuacct/memory.stat", "anon 4096\ninactive_file 1024\npgfault 3\npgmajfault 1\n"),
                        Optional.of(new CgroupUsage(2_500_000, 8192, 7168, 4096, 3, 1))),
                Arguments.of("a cgroup that is gone", Map.of(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsUsage(String name, Map<String, String> files, Optional<CgroupUsage> expected) throws Exception {
        for (var file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        boolean v2 = files.containsKey("cpuacct/memory.current");
        Path cpu = dir.resolve("cpuacct");
        assertThat(CgroupUsage.read(cpu, v2 ? cpu : dir.resolve("memory"))).isEqualTo(expected);
    }
}
