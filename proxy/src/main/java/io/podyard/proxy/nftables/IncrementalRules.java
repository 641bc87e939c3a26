package io.podyard.proxy.nftables;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.podyard.proxy.ServiceSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link NftRules#build} for a sync loop: a Service's chains are computed again only when its Service
 * or one of its EndpointSlices is a different object than last time (informer caches hand out the same
 * instance until the object changes), so one endpoint change costs one Service's work plus assembly.
 * Not thread-safe: one sync loop owns it.
 */
public final class IncrementalRules {
    private record Cached(Service service, List<EndpointSlice> slices, NftRules.Fragment fragment) {
    }

    private final NftConfig config;
    private final NftRules.Fragment base;
    private Map<String, Cached> cache = new HashMap<>();

    public IncrementalRules(NftConfig config) {
        this.config = config;
        this.base = NftRules.base(config);
    }

    public Ruleset build(ServiceSnapshot snapshot) {
        Map<String, Cached> next = new HashMap<>();
        List<NftRules.Fragment> fragments = new ArrayList<>();
        fragments.add(base);
        for (Service service : snapshot.services()) {
            String key = ServiceSnapshot.key(service);
            List<EndpointSlice> slices = snapshot.slices(service);
            Cached cached = cache.get(key);
            if (cached == null || cached.service() != service || !sameInstances(cached.slices(), slices)) {
                cached = new Cached(service, List.copyOf(slices), NftRules.service(service, slices, config));
            }
            next.put(key, cached);
            fragments.add(cached.fragment());
        }
        cache = next;
        return NftRules.assemble(config, fragments);
    }

    private static boolean sameInstances(List<EndpointSlice> a, List<EndpointSlice> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
