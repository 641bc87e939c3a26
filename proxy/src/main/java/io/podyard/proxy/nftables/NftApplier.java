package io.podyard.proxy.nftables;

import io.podyard.proxy.HostCommand;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Programs the kernel: each {@link #apply} is one {@code nft -f -} transaction from the last applied
 * ruleset to the new one. A failed transaction changes nothing in the kernel; the next one then
 * rebuilds the table from scratch.
 */
public final class NftApplier {
    private static final Logger LOG = LoggerFactory.getLogger(NftApplier.class);

    private final HostCommand command;
    private final String table;
    private Optional<Ruleset> applied = Optional.empty();

    public NftApplier(HostCommand command, String table) {
        this.command = command;
        this.table = table;
    }

    /** Makes the table hold {@code next}; returns false when nothing had to change. */
    public synchronized boolean apply(Ruleset next) {
        if (NftTransaction.unchanged(applied, next)) {
            return false;
        }
        String transaction = NftTransaction.between(applied, next);
        HostCommand.Result result = command.run(transaction, "nft", "-f", "-");
        if (!result.ok()) {
            applied = Optional.empty();
            throw new NftException("nft -f failed (" + result.exitCode() + "): " + result.stderr().strip());
        }
        applied = Optional.of(next);
        return true;
    }

    /** Deletes the table (and with it every rule Podyard made); a missing table is fine. */
    public synchronized void remove() {
        HostCommand.Result result = command.run("add table ip " + table + "\ndelete table ip " + table + "\n",
                "nft", "-f", "-");
        applied = Optional.empty();
        if (!result.ok()) {
            LOG.warn("could not delete nftables table {}: {}", table, result.stderr().strip());
        }
    }

    /** An nft run that failed. */
    public static final class NftException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NftException(String message) {
            super(message);
        }
    }
}
