package io.podyard.node.runtime;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.Optional;

/**
 * Where values that are not written in the pod come from: valueFrom (fieldRef, resourceFieldRef,
 * configMapKeyRef, secretKeyRef) and envFrom. The pod worker implements it over the API objects;
 * a missing required source is a {@link ContainerConfigException} (CreateContainerConfigError).
 */
public interface EnvSources {
    /** The value of a valueFrom variable; empty leaves the variable out (an optional reference). */
    Optional<String> valueFrom(EnvVar variable);

    /** The variables one envFrom entry brings, before its prefix is applied. */
    Map<String, String> envFrom(EnvFromSource source);

    /** For pods without valueFrom or envFrom: any such reference is an error. */
    EnvSources NONE = new EnvSources() {
        @Override
        public Optional<String> valueFrom(EnvVar variable) {
            throw new ContainerConfigException("environment variable " + variable.getName()
                    + " uses valueFrom, which nothing resolves here");
        }

        @Override
        public Map<String, String> envFrom(EnvFromSource source) {
            throw new ContainerConfigException("envFrom is not resolved here");
        }
    };
}
