package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Namespace, ConfigMap, Secret, ServiceAccount, ResourceQuota, Lease, CertificateSigningRequest and LimitRange columns. */
class CoreColumnsTest {
    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("v1", "Namespace", List.of("Name", "Status", "Age")),
                Arguments.of("v1", "ConfigMap", List.of("Name", "Data", "Age")),
                Arguments.of("v1", "Secret", List.of("Name", "Type", "Data", "Age")),
                Arguments.of("v1", "ServiceAccount", List.of("Name", "Secrets", "Age")),
                Arguments.of("v1", "ResourceQuota", List.of("Name", "Request", "Limit", "Age")),
                Arguments.of("v1", "LimitRange", List.of("Name", "Created At")),
                Arguments.of("coordination.k8s.io/v1", "Lease", List.of("Name", "Holder", "Age")),
                Arguments.of("certificates.k8s.io/v1", "CertificateSigningRequest",
                        List.of("Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("headers")
    void columns(String apiVersion, String kind, List<String> header) {
        assertThat(TableFixtures.header(apiVersion, kind)).isEqualTo(header);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("active namespace", "v1", "Namespace",
                        "{metadata:{name:'default', creationTimestamp:'%s'}, status:{phase:'Active'}}"
                                .formatted(ago("5s")),
                        List.of("default", "Active", "5s")),
                Arguments.of("terminating namespace", "v1", "Namespace",
                        "{metadata:{name:'old', creationTimestamp:'%s'}, status:{phase:'Terminating'}}"
                                .formatted(ago("49h")),
                        List.of("old", "Terminating", "2d1h")),
                Arguments.of("config map counts data and binaryData", "v1", "ConfigMap",
                        "{metadata:{name:'cfg', creationTimestamp:'%s'}, data:{a:'1', b:'2'}, binaryData:{c:'AA=='}}"
                                .formatted(ago("3m")),
                        List.of("cfg", 3L, "3m")),
                Arguments.of("empty config map", "v1", "ConfigMap",
                        "{metadata:{name:'empty', creationTimestamp:'%s'}}".formatted(ago("90s")),
                        List.of("empty", 0L, "90s")),
                Arguments.of("secret", "v1", "Secret",
                        "{metadata:{name:'tls', creationTimestamp:'%s'}, type:'kubernetes.io/tls',"
                                .formatted(ago("125m")) + " data:{'tls.crt':'Y2VydA==', 'tls.key':'a2V5'}}",
                        List.of("tls", "kubernetes.io/tls", 2L, "125m")),
                Arguments.of("service account", "v1", "ServiceAccount",
                        "{metadata:{name:'default', creationTimestamp:'%s'}, secrets:[{name:'token'}]}"
                                .formatted(ago("10d")),
                        List.of("default", 1L, "10d")),
                Arguments.of("service account without secrets", "v1", "ServiceAccount",
                        "{metadata:{name:'builder'}}",
                        List.of("builder", 0L, "<unknown>")),
                Arguments.of("resource quota splits requests and limits, sorted, canonical", "v1", "ResourceQuota", """
                        {metadata:{name:'quota', creationTimestamp:'%s'},
                         status:{hard:{pods:'10', 'requests.memory':'1Gi', 'limits.cpu':'2000m', 'requests.cpu':'1',
                                       'limits.memory':2147483648},
                                 used:{pods:'3', 'requests.cpu':'0.5', 'limits.cpu':'1', 'requests.memory':'512Mi'}}}"""
                                .formatted(ago("1h")),
                        List.of("quota", "pods: 3/10, requests.cpu: 500m/1, requests.memory: 512Mi/1Gi",
                                "limits.cpu: 1/2, limits.memory: 0/2147483648", "60m")),
                Arguments.of("resource quota without status", "v1", "ResourceQuota",
                        "{metadata:{name:'new', creationTimestamp:'%s'}, spec:{hard:{pods:'1'}}}".formatted(ago("1s")),
                        List.of("new", "", "", "1s")),
                Arguments.of("lease", "coordination.k8s.io/v1", "Lease",
                        "{metadata:{name:'node-1', creationTimestamp:'%s'}, spec:{holderIdentity:'node-1'}}"
                                .formatted(ago("30m")),
                        List.of("node-1", "node-1", "30m")),
                Arguments.of("lease without holder", "coordination.k8s.io/v1", "Lease",
                        "{metadata:{name:'free', creationTimestamp:'%s'}, spec:{}}".formatted(ago("30m")),
                        List.of("free", "", "30m")),
                Arguments.of("pending csr", "certificates.k8s.io/v1", "CertificateSigningRequest",
                        "{metadata:{name:'node-csr-a', creationTimestamp:'%s'}, spec:{signerName:'example.com/x'}}"
                                .formatted(ago("2m")),
                        List.of("node-csr-a", "2m", "example.com/x", "<none>", "<none>", "Pending")),
                Arguments.of("issued csr", "certificates.k8s.io/v1", "CertificateSigningRequest",
                        ("{metadata:{name:'node-csr-b', creationTimestamp:'%s'}, spec:{signerName:"
                                + "'kubernetes.io/kube-apiserver-client-kubelet', username:'system:bootstrap:abcdef',"
                                + " expirationSeconds:86400}, status:{certificate:'Y2VydA==', conditions:"
                                + "[{type:'Approved', status:'True'}]}}").formatted(ago("5m")),
                        List.of("node-csr-b", "5m", "kubernetes.io/kube-apiserver-client-kubelet",
                                "system:bootstrap:abcdef", "24h", "Approved,Issued")),
                Arguments.of("denied and failed csr", "certificates.k8s.io/v1", "CertificateSigningRequest",
                        ("{metadata:{name:'c', creationTimestamp:'%s'}, spec:{signerName:'s'}, status:{conditions:"
                                + "[{type:'Denied', status:'True'}, {type:'Failed', status:'True'}]}}").formatted(ago("5m")),
                        List.of("c", "5m", "s", "<none>", "<none>", "Denied,Failed")),
                Arguments.of("limit range has the default columns", "v1", "LimitRange",
                        "{metadata:{name:'limits', creationTimestamp:'2025-01-02T03:04:05Z'}}",
                        List.of("limits", "2025-01-02T03:04:05Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void cells(String description, String apiVersion, String kind, String object, List<Object> expected) {
        assertThat(TableFixtures.cells(apiVersion, kind, json(object))).isEqualTo(expected);
    }
}
