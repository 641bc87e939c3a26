package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Node columns: STATUS, ROLES, VERSION and the wide addresses and system info. */
class NodeColumnsTest {
    @Test
    void columnsAreKubernetes() {
        assertThat(TableFixtures.header("v1", "Node")).containsExactly("Name", "Status", "Roles", "Age", "Version",
                "Internal-IP*", "External-IP*", "OS-Image*", "Kernel-Version*", "Container-Runtime*");
    }

    static Stream<Arguments> nodes() {
        return Stream.of(
                Arguments.of("ready control plane", """
                        {metadata:{name:'cp-1', creationTimestamp:'%s',
                                   labels:{'node-role.kubernetes.io/control-plane':'', 'kubernetes.io/hostname':'cp-1'}},
                         status:{conditions:[{type:'MemoryPressure', status:'False'}, {type:'Ready', status:'True'}],
                                 addresses:[{type:'Hostname', address:'cp-1'}, {type:'InternalIP', address:'10.0.0.2'},
                                            {type:'InternalIP', address:'10.0.0.3'}, {type:'ExternalIP', address:'1.2.3.4'}],
                                 nodeInfo:{kubeletVersion:'v1.33.1', osImage:'Debian GNU/Linux 12 (bookworm)',
                                           kernelVersion:'6.1.0-18-amd64', containerRuntimeVersion:'containerd://1.7.13'}}}"""
                                .formatted(ago("30d")),
                        List.of("cp-1", "Ready", "control-plane", "30d", "v1.33.1", "10.0.0.2", "1.2.3.4",
                                "Debian GNU/Linux 12 (bookworm)", "6.1.0-18-amd64", "containerd://1.7.13")),
                Arguments.of("cordoned, not ready, several roles", """
                        {metadata:{name:'w-1', creationTimestamp:'%s',
                                   labels:{'node-role.kubernetes.io/worker':'', 'node-role.kubernetes.io/':'',
                                           'kubernetes.io/role':'gpu', 'node-role.kubernetes.io/edge':'true'}},
                         spec:{unschedulable:true},
                         status:{conditions:[{type:'Ready', status:'Unknown'}], nodeInfo:{kubeletVersion:'v1.33.1'}}}"""
                                .formatted(ago("3h")),
                        List.of("w-1", "NotReady,SchedulingDisabled", "edge,gpu,worker", "3h", "v1.33.1", "<none>",
                                "<none>", "<unknown>", "<unknown>", "<unknown>")),
                Arguments.of("registered, no status yet", "{metadata:{name:'new', creationTimestamp:'%s'}}"
                                .formatted(ago("4s")),
                        List.of("new", "Unknown", "<none>", "4s", "", "<none>", "<none>", "<unknown>", "<unknown>",
                                "<unknown>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void cells(String description, String node, List<Object> expected) {
        assertThat(TableFixtures.cells("v1", "Node", json(node))).isEqualTo(expected);
    }
}
