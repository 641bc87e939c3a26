package io.podyard.api.table;

import static io.podyard.api.table.TableFixtures.ago;
import static io.podyard.api.table.TableFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** PersistentVolume and PersistentVolumeClaim columns. */
class StorageColumnsTest {
    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("PersistentVolume", List.of("Name", "Capacity", "Access Modes", "Reclaim Policy",
                        "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode*")),
                Arguments.of("PersistentVolumeClaim", List.of("Name", "Status", "Volume", "Capacity", "Access Modes",
                        "StorageClass", "VolumeAttributesClass", "Age", "VolumeMode*")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void columns(String kind, List<String> header) {
        assertThat(TableFixtures.header("v1", kind)).isEqualTo(header);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("bound volume", "PersistentVolume", """
                        {metadata:{name:'pv-1', creationTimestamp:'%s'},
                         spec:{capacity:{storage:'10Gi'}, accessModes:['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
                               persistentVolumeReclaimPolicy:'Retain', storageClassName:'fast', volumeMode:'Filesystem',
                               claimRef:{namespace:'default', name:'data'}, hostPath:{path:'/data'}},
                         status:{phase:'Bound'}}""".formatted(ago("7d")),
                        List.of("pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "fast", "<unset>", "",
                                "7d", "Filesystem")),
                Arguments.of("failed volume, beta class annotation, being deleted", "PersistentVolume", """
                        {metadata:{name:'pv-2', creationTimestamp:'%s', deletionTimestamp:'%s',
                                   annotations:{'volume.beta.kubernetes.io/storage-class':'old'}},
                         spec:{capacity:{storage:'1536Mi'}, accessModes:['ReadWriteOncePod', 'ReadOnlyMany'],
                               persistentVolumeReclaimPolicy:'Delete', storageClassName:'fast',
                               volumeAttributesClassName:'gold', volumeMode:'Block'},
                         status:{phase:'Failed', reason:'VolumeFailedDelete'}}""".formatted(ago("1h"), ago("1s")),
                        List.of("pv-2", "1536Mi", "ROX,RWOP", "Delete", "Terminating", "", "old", "gold",
                                "VolumeFailedDelete", "60m", "Block")),
                Arguments.of("volume without capacity", "PersistentVolume", "{metadata:{name:'pv-3'}, spec:{}}",
                        List.of("pv-3", "0", "", "", "", "", "", "<unset>", "", "<unknown>", "<unset>")),
                Arguments.of("bound claim", "PersistentVolumeClaim", """
                        {metadata:{name:'data', creationTimestamp:'%s'},
                         spec:{accessModes:['ReadWriteOnce'], resources:{requests:{storage:'5Gi'}},
                               storageClassName:'fast', volumeName:'pv-1', volumeMode:'Filesystem'},
                         status:{phase:'Bound', accessModes:['ReadWriteOnce', 'ReadWriteMany'], capacity:{storage:'10Gi'}}}"""
                                .formatted(ago("6h30m")),
                        List.of("data", "Bound", "pv-1", "10Gi", "RWO,RWX", "fast", "<unset>", "6h30m", "Filesystem")),
                Arguments.of("pending claim shows no capacity", "PersistentVolumeClaim", """
                        {metadata:{name:'wait', creationTimestamp:'%s'},
                         spec:{accessModes:['ReadWriteOnce'], resources:{requests:{storage:'5Gi'}}, storageClassName:''},
                         status:{phase:'Pending'}}""".formatted(ago("20s")),
                        List.of("wait", "Pending", "", "", "", "", "<unset>", "20s", "<unset>")),
                Arguments.of("claim with beta class annotation, deleting", "PersistentVolumeClaim", """
                        {metadata:{name:'old', deletionTimestamp:'%s',
                                   annotations:{'volume.beta.kubernetes.io/storage-class':'slow'}},
                         spec:{storageClassName:'fast', volumeName:'pv-9', volumeAttributesClassName:'silver'},
                         status:{phase:'Bound'}}""".formatted(ago("1s")),
                        List.of("old", "Terminating", "pv-9", "0", "", "slow", "silver", "<unknown>", "<unset>")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void cells(String description, String kind, String object, List<Object> expected) {
        assertThat(TableFixtures.cells("v1", kind, json(object))).isEqualTo(expected);
    }
}
