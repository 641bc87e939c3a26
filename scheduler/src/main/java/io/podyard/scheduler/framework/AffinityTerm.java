package io.podyard.scheduler.framework;

import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.podyard.api.selector.LabelSelector;
import io.podyard.api.selector.SelectorException;
import java.util.Map;
import java.util.Set;

/**
 * One pod (anti-)affinity term with its selectors parsed once: which pods it selects (label selector,
 * namespaces, namespace selector) and the topology key that defines "together".
 *
 * @param namespaces the namespaces named in the term, or the owning pod's own namespace when the term
 *     names none and has no namespace selector, as Kubernetes defaults it
 * @param namespaceSelector null when the term has none
 * @param weight the preferred term's weight; 1 for required terms
 */
public record AffinityTerm(LabelSelector selector, Set<String> namespaces, LabelSelector namespaceSelector,
        String topologyKey, int weight) {

    public static AffinityTerm of(PodAffinityTerm term, String podNamespace, int weight) {
        Set<String> namespaces = term.getNamespaces() == null ? Set.of() : Set.copyOf(term.getNamespaces());
        LabelSelector namespaceSelector = term.getNamespaceSelector() == null ? null : parse(term.getNamespaceSelector());
        if (namespaces.isEmpty() && namespaceSelector == null) {
            namespaces = Set.of(podNamespace);
        }
        return new AffinityTerm(parse(term.getLabelSelector()), namespaces, namespaceSelector,
                term.getTopologyKey() == null ? "" : term.getTopologyKey(), weight);
    }

    private static LabelSelector parse(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            return LabelSelector.from(selector);
        } catch (SelectorException e) {
            return LabelSelector.from(null); // validation rejects bad selectors; one that slipped by selects nothing
        }
    }

    /** Whether the term selects this pod, given the labels of the pod's namespace. */
    public boolean matches(PodInfo pod, Map<String, String> namespaceLabels) {
        boolean inNamespace = namespaces.contains(pod.namespace())
                || namespaceSelector != null && namespaceSelector.matches(namespaceLabels);
        return inNamespace && selector.matches(pod.labels());
    }
}
