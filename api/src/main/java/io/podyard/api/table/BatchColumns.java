package io.podyard.api.table;

import static io.podyard.api.table.Column.AGE;
import static io.podyard.api.table.Column.CONTAINERS;
import static io.podyard.api.table.Column.IMAGES;
import static io.podyard.api.table.Column.NAME;
import static io.podyard.api.table.Fields.age;
import static io.podyard.api.table.Fields.integer;
import static io.podyard.api.table.Fields.name;
import static io.podyard.api.table.Fields.present;
import static io.podyard.api.table.Fields.text;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Job and CronJob. */
final class BatchColumns {
    private static final Column SELECTOR = Column.wide("Selector", "string", "A label query over pods that should"
            + " match the pod count.");

    static final KindColumns JOB = KindColumns.of(
            List.of(NAME,
                    Column.string("Status", "Status of the job."),
                    Column.string("Completions", "The number of pods which reached phase Succeeded."),
                    Column.string("Duration", "Time required to complete the job."),
                    AGE, CONTAINERS, IMAGES, SELECTOR),
            (job, now) -> {
                JsonNode containers = job.path("spec").path("template").path("spec").path("containers");
                return List.of(name(job), jobStatus(job), completions(job), duration(job, now), age(job, now),
                        Formats.containers(containers, "name"), Formats.containers(containers, "image"),
                        Formats.labelSelector(job, "spec", "selector"));
            });

    static final KindColumns CRON_JOB = KindColumns.of(
            List.of(NAME,
                    Column.string("Schedule", "The schedule in Cron format."),
                    Column.string("Timezone", "The time zone name for the given schedule."),
                    new Column("Suspend", "boolean", "", "This flag tells the controller to suspend subsequent"
                            + " executions.", 0),
                    Column.integer("Active", "A list of pointers to currently running jobs."),
                    Column.string("Last Schedule", "Information when was the last time the job was successfully"
                            + " scheduled."),
                    AGE, CONTAINERS, IMAGES, SELECTOR),
            (cj, now) -> {
                JsonNode jobSpec = cj.path("spec").path("jobTemplate").path("spec");
                JsonNode containers = jobSpec.path("template").path("spec").path("containers");
                return List.of(name(cj), text(cj, "spec", "schedule"),
                        present(cj, "spec", "timeZone") ? text(cj, "spec", "timeZone") : "<none>",
                        Formats.boolPointer(cj, "spec", "suspend"), (long) Fields.size(cj, "status", "active"),
                        present(cj, "status", "lastScheduleTime")
                                ? Fields.since(Fields.time(cj, "status", "lastScheduleTime"), now) : "<none>",
                        age(cj, now), Formats.containers(containers, "name"), Formats.containers(containers, "image"),
                        Formats.labelSelector(jobSpec, "selector"));
            });

    private BatchColumns() {}

    private static String jobStatus(JsonNode job) {
        JsonNode status = job.path("status");
        if (condition(status, "Complete")) {
            return "Complete";
        } else if (condition(status, "Failed")) {
            return "Failed";
        } else if (present(job, "metadata", "deletionTimestamp")) {
            return "Terminating";
        } else if (condition(status, "Suspended")) {
            return "Suspended";
        } else if (condition(status, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** Whether the first condition of the type is True. */
    private static boolean condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (text(condition, "type").equals(type)) {
                return text(condition, "status").equals("True");
            }
        }
        return false;
    }

    /** "succeeded/completions", or for a work queue "succeeded/1" and " of parallelism" when above one. */
    private static String completions(JsonNode job) {
        long succeeded = integer(job, "status", "succeeded");
        if (present(job, "spec", "completions")) {
            return succeeded + "/" + integer(job, "spec", "completions");
        }
        long parallelism = integer(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** Running time so far, or start to completion; empty before the job starts. */
    private static String duration(JsonNode job, Instant now) {
        if (!present(job, "status", "startTime")) {
            return "";
        }
        Instant start = time(job, "startTime");
        Instant end = present(job, "status", "completionTime") ? time(job, "completionTime") : now;
        return HumanDuration.format(Duration.between(start, end));
    }

    /** A status time; Go's zero time where the field is present but empty. */
    private static Instant time(JsonNode job, String field) {
        Instant time = Fields.time(job, "status", field);
        return time == null ? Instant.parse("0001-01-01T00:00:00Z") : time;
    }
}
