package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Events of both APIs print alike: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE, and more when wide. */
class EventColumnsTest {
    private static final List<String> HEADER = List.of("Last Seen", "Type", "Reason", "Object", "Subobject*",
            "Source*", "Message", "First Seen*", "Count*", "Name*");

    @ParameterizedTest(name = "{0}")
    @MethodSource("apis")
    void columns(String apiVersion) {
        assertThat(TableFixtures.header(apiVersion, "Event")).isEqualTo(HEADER);
    }

    static Stream<String> apis() {
        return Stream.of("v1", "events.k8s.io/v1");
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("core event seen several times", "v1", """
                        {metadata:{name:'web.17f', creationTimestamp:'%s'}, type:'Warning', reason:'BackOff',
                         involvedObject:{kind:'Pod', name:'web', fieldPath:'spec.containers{app}'},
                         source:{component:'kubelet', host:'node-1'}, message:'  Back-off restarting failed container\\n',
                         firstTimestamp:'%s', lastTimestamp:'%s', count:12}"""
                                .formatted(ago("2h"), ago("2h"), ago("40s")),
                        List.of("40s", "Warning", "BackOff", "pod/web", "spec.containers{app}", "kubelet, node-1",
                                "Back-off restarting failed container", "120m", 12L, "web.17f")),
                Arguments.of("core event from a controller, no host", "v1", """
                        {metadata:{name:'web.18a'}, type:'Normal', reason:'ScalingReplicaSet',
                         involvedObject:{kind:'Deployment', name:'web'}, source:{component:'deployment-controller'},
                         message:'Scaled up replica set web-7d4b9 to 3', firstTimestamp:'%s', lastTimestamp:'%s', count:1}"""
                                .formatted(ago("5m"), ago("5m")),
                        List.of("5m", "Normal", "ScalingReplicaSet", "deployment/web", "", "deployment-controller",
                                "Scaled up replica set web-7d4b9 to 3", "5m", 1L, "web.18a")),
                Arguments.of("core event written the new way", "v1", """
                        {metadata:{name:'n.1'}, type:'Normal', reason:'Starting', involvedObject:{kind:'Node'},
                         eventTime:'%s', reportingComponent:'kube-proxy', reportingInstance:'node-1', message:'Started'}"""
                                .formatted(ago("3s")),
                        List.of("3s", "Normal", "Starting", "node", "", "kube-proxy, node-1", "Started", "3s", 1L,
                                "n.1")),
                Arguments.of("core event in a series", "v1", """
                        {metadata:{name:'s.1'}, type:'Warning', reason:'Unhealthy', involvedObject:{kind:'Pod', name:'p'},
                         eventTime:'%s', series:{count:7, lastObservedTime:'%s'}, message:'probe failed'}"""
                                .formatted(ago("10m"), ago("9s")),
                        List.of("9s", "Warning", "Unhealthy", "pod/p", "", "", "probe failed", "10m", 7L, "s.1")),
                Arguments.of("core event without times", "v1",
                        "{metadata:{name:'x'}, involvedObject:{kind:'Pod', name:'p'}}",
                        List.of("<unknown>", "", "", "pod/p", "", "", "", "<unknown>", 1L, "x")),
                Arguments.of("events.k8s.io event", "events.k8s.io/v1", """
                        {metadata:{name:'web.19b'}, type:'Normal', reason:'Scheduled',
                         regarding:{kind:'Pod', name:'web', fieldPath:''}, note:'Successfully assigned default/web to node-1',
                         eventTime:'%s', reportingController:'default-scheduler', reportingInstance:'sched-1', action:'Binding'}"""
                                .formatted(ago("75s")),
                        List.of("75s", "Normal", "Scheduled", "pod/web", "", "default-scheduler, sched-1",
                                "Successfully assigned default/web to node-1", "75s", 1L, "web.19b")),
                Arguments.of("events.k8s.io event with deprecated fields", "events.k8s.io/v1", """
                        {metadata:{name:'old.1'}, type:'Warning', reason:'Failed', regarding:{kind:'Pod', name:'p'},
                         note:'boom', deprecatedSource:{component:'kubelet'}, deprecatedFirstTimestamp:'%s',
                         deprecatedLastTimestamp:'%s', deprecatedCount:4, reportingController:'ignored'}"""
                                .formatted(ago("3h"), ago("1h")),
                        List.of("60m", "Warning", "Failed", "pod/p", "", "kubelet", "boom", "3h", 4L, "old.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void cells(String description, String apiVersion, String event, List<Object> expected) {
        assertThat(TableFixtures.cells(apiVersion, "Event", json(event))).isEqualTo(expected);
    }
}
