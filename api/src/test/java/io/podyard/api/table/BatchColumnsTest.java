package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Job and CronJob columns. */
class BatchColumnsTest {
    private static final String POD_TEMPLATE = "template:{spec:{containers:[{name:'pi', image:'perl:5.34'}]}}";

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("Job", List.of("Name", "Status", "Completions", "Duration", "Age",
                        "Containers*", "Images*", "Selector*")),
                Arguments.of("CronJob", List.of("Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule",
                        "Age", "Containers*", "Images*", "Selector*")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void columns(String kind, List<String> header) {
        assertThat(TableFixtures.header("batch/v1", kind)).isEqualTo(header);
    }

    /** A job created 10 minutes ago with the given spec fields and status. */
    private static String job(String meta, String spec, String status) {
        return "{metadata:{name:'pi', creationTimestamp:'%s'%s}, spec:{%s, selector:{matchLabels:{'batch.kubernetes.io/job-name':'pi'}}, %s}, status:%s}"
                .formatted(ago("10m"), meta, spec, POD_TEMPLATE, status);
    }

    static Stream<Arguments> jobs() {
        return Stream.of(
                Arguments.of("running", job("", "completions:1, parallelism:1",
                        "{startTime:'%s', active:1}".formatted(ago("190s"))), "Running", "0/1", "3m10s"),
                Arguments.of("not started", job("", "completions:3", "{}"), "Running", "0/3", ""),
                Arguments.of("complete", job("", "completions:1", """
                        {startTime:'%s', completionTime:'%s', succeeded:1,
                         conditions:[{type:'SuccessCriteriaMet', status:'True'}, {type:'Complete', status:'True'}]}"""
                                .formatted(ago("9m"), ago("8m"))), "Complete", "1/1", "60s"),
                Arguments.of("failed", job("", "completions:1", """
                        {startTime:'%s', conditions:[{type:'FailureTarget', status:'True'}, {type:'Failed', status:'True'}]}"""
                                .formatted(ago("5m"))), "Failed", "0/1", "5m"),
                Arguments.of("failure target", job("", "completions:1", """
                        {startTime:'%s', conditions:[{type:'FailureTarget', status:'True'}]}""".formatted(ago("5m"))),
                        "FailureTarget", "0/1", "5m"),
                Arguments.of("suspended", job("", "completions:2, suspend:true",
                        "{conditions:[{type:'Suspended', status:'True'}]}"), "Suspended", "0/2", ""),
                Arguments.of("terminating", job(", deletionTimestamp:'%s'".formatted(ago("1s")), "completions:1",
                        "{startTime:'%s'}".formatted(ago("2m"))), "Terminating", "0/1", "2m"),
                Arguments.of("work queue", job("", "parallelism:3",
                        "{startTime:'%s', succeeded:1}".formatted(ago("30s"))), "Running", "1/1 of 3", "30s"),
                Arguments.of("single pod without completions", job("", "parallelism:1", "{}"), "Running", "0/1", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void jobCells(String description, String job, String status, String completions, String duration) {
        assertThat(TableFixtures.cells("batch/v1", "Job", json(job))).containsExactly("pi", status, completions,
                duration, "10m", "pi", "perl:5.34", "batch.kubernetes.io/job-name=pi");
    }

    static Stream<Arguments> cronJobs() {
        return Stream.of(
                Arguments.of("scheduled, with time zone", """
                        {metadata:{name:'backup', creationTimestamp:'%s'},
                         spec:{schedule:'0 3 * * *', timeZone:'Europe/Paris', suspend:false,
                               jobTemplate:{spec:{%s}}},
                         status:{active:[{name:'backup-1'}], lastScheduleTime:'%s'}}"""
                                .formatted(ago("3d"), POD_TEMPLATE, ago("65m")),
                        List.of("backup", "0 3 * * *", "Europe/Paris", "False", 1L, "65m", "3d", "pi", "perl:5.34",
                                "<none>")),
                Arguments.of("never scheduled, suspended", """
                        {metadata:{name:'report', creationTimestamp:'%s'},
                         spec:{schedule:'@hourly', suspend:true,
                               jobTemplate:{spec:{selector:{matchLabels:{a:'b'}}, %s}}}}"""
                                .formatted(ago("20s"), POD_TEMPLATE),
                        List.of("report", "@hourly", "<none>", "True", 0L, "<none>", "20s", "pi", "perl:5.34", "a=b")),
                Arguments.of("suspend unset", "{metadata:{name:'c'}, spec:{schedule:'* * * * *'}}",
                        List.of("c", "* * * * *", "<none>", "<unset>", 0L, "<none>", "<unknown>", "", "", "<none>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cronJobs")
    void cronJobCells(String description, String cronJob, List<Object> expected) {
        assertThat(TableFixtures.cells("batch/v1", "CronJob", json(cronJob))).isEqualTo(expected);
    }
}
