package io.podyard.proxy.nftables;

import io.podyard.proxy.nftables.Ruleset.Chain;
import io.podyard.proxy.nftables.Ruleset.NftSet;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The text of one {@code nft -f -} transaction that moves the table from what the kernel has (the
 * ruleset of the last successful sync, or nothing known) to the wanted ruleset. Only chains whose
 * rules changed are flushed and refilled and only changed map elements are touched, like kube-proxy's
 * partial syncs; the kernel applies the whole text atomically or not at all.
 *
 * <p>Order matters inside the transaction: everything that will be referenced is declared first,
 * references are dropped (chains flushed, elements deleted) before what they point to is deleted.
 */
public final class NftTransaction {
    private NftTransaction() {
    }

    /** The commands from {@code previous} (empty: the table's content is unknown) to {@code next}. */
    public static String between(Optional<Ruleset> previous, Ruleset next) {
        String family = "ip " + next.table();
        StringBuilder out = new StringBuilder();
        Ruleset before;
        if (previous.isEmpty() || !previous.get().table().equals(next.table())) {
            // Unknown content: start from an empty table (add first, so the delete cannot fail).
            out.append("add table ").append(family).append('\n');
            out.append("delete table ").append(family).append('\n');
            before = new Ruleset(next.table(), java.util.Map.of(), java.util.Map.of());
        } else {
            before = previous.get();
        }
        out.append("add table ").append(family).append('\n');
        for (Chain chain : next.chains().values()) {
            if (!before.chains().containsKey(chain.name())) {
                out.append("add chain ").append(family).append(' ').append(chain.name());
                if (!chain.base().isEmpty()) {
                    out.append(" { ").append(chain.base()).append(" }");
                }
                out.append('\n');
            }
        }
        for (NftSet set : next.sets().values()) {
            if (!before.sets().containsKey(set.name())) {
                out.append("add ").append(set.kind()).append(' ').append(family).append(' ').append(set.name())
                        .append(" { ").append(set.spec()).append(" }\n");
            }
        }
        for (Chain old : before.chains().values()) {
            Chain wanted = next.chains().get(old.name());
            if (wanted == null || !wanted.rules().equals(old.rules())) {
                out.append("flush chain ").append(family).append(' ').append(old.name()).append('\n');
            }
        }
        for (NftSet set : next.sets().values()) {
            NftSet old = before.sets().get(set.name());
            SortedSet<String> had = old == null || set.dynamic() ? new TreeSet<>() : new TreeSet<>(old.elements());
            if (set.dynamic()) {
                continue;
            }
            SortedSet<String> removed = new TreeSet<>(had);
            removed.removeAll(set.elements());
            SortedSet<String> added = new TreeSet<>(set.elements());
            added.removeAll(had);
            if (!removed.isEmpty()) {
                out.append("delete element ").append(family).append(' ').append(set.name()).append(" { ")
                        .append(String.join(", ", removed.stream().map(NftTransaction::elementKey).toList()))
                        .append(" }\n");
            }
            if (!added.isEmpty()) {
                out.append("add element ").append(family).append(' ').append(set.name()).append(" { ")
                        .append(String.join(", ", added)).append(" }\n");
            }
        }
        for (Chain chain : next.chains().values()) {
            Chain old = before.chains().get(chain.name());
            if (old == null || !old.rules().equals(chain.rules())) {
                for (String rule : chain.rules()) {
                    out.append("add rule ").append(family).append(' ').append(chain.name()).append(' ').append(rule)
                            .append('\n');
                }
            }
        }
        for (NftSet old : before.sets().values()) {
            if (!next.sets().containsKey(old.name())) {
                if (!old.dynamic()) {
                    out.append("flush ").append(old.kind()).append(' ').append(family).append(' ').append(old.name())
                            .append('\n');
                }
            }
        }
        for (Chain old : before.chains().values()) {
            if (!next.chains().containsKey(old.name())) {
                out.append("delete chain ").append(family).append(' ').append(old.name()).append('\n');
            }
        }
        for (NftSet old : before.sets().values()) {
            if (!next.sets().containsKey(old.name())) {
                out.append("delete ").append(old.kind()).append(' ').append(family).append(' ').append(old.name())
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** A map element is deleted by its key alone. */
    private static String elementKey(String element) {
        int colon = element.indexOf(" : ");
        return colon < 0 ? element : element.substring(0, colon);
    }

    /** True when applying {@code between(previous, next)} would change nothing. */
    public static boolean unchanged(Optional<Ruleset> previous, Ruleset next) {
        return previous.isPresent() && Objects.equals(previous.get(), next);
    }
}
