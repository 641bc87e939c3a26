package io.podyard.proxy.nftables;

import io.podyard.proxy.Coalescer;
import io.podyard.proxy.HostCommand;
import io.podyard.proxy.ServiceInformers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Service data plane: keeps Podyard's nftables table equal to what the Services and
 * EndpointSlices ask for, one transaction per change (bursts coalesce), and removes the table when
 * closed.
 */
public final class ServiceRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);

    private final ServiceInformers informers;
    private final NftConfig config;
    private final NftApplier applier;
    private final IncrementalRules rules;
    private final Coalescer coalescer;
    private volatile long syncs;

    public ServiceRouter(ServiceInformers informers, NftConfig config, HostCommand command) {
        this.informers = informers;
        this.config = config;
        this.applier = new NftApplier(command, config.table());
        this.rules = new IncrementalRules(config);
        this.coalescer = new Coalescer("nftables-sync", this::sync);
        informers.onChange(coalescer::poke);
    }

    private void sync() {
        long start = System.nanoTime();
        if (applier.apply(rules.build(informers.snapshot()))) {
            syncs++;
            LOG.debug("nftables table {} programmed in {} ms", config.table(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** How many transactions changed the table so far (for tests and benchmarks). */
    public long syncs() {
        return syncs;
    }

    @Override
    public void close() {
        coalescer.close();
        applier.remove();
    }
}
