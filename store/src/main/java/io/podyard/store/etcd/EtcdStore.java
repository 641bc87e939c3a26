package io.podyard.store.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.podyard.store.Compactor;
import io.podyard.store.Keys;
import io.podyard.store.KeyValue;
import io.podyard.store.RangeResult;
import io.podyard.store.StoreClosedException;
import io.podyard.store.StoreOptions;
import io.podyard.store.Watch;
import io.podyard.store.WatchListener;
import io.podyard.store.WriteResult;
import io.podyard.store.internal.StoreBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store on etcd 3.4+: each compare-and-swap is one etcd transaction ({@code If} the key's
 * create/mod revision matches {@code Then} put/delete {@code Else} get, so a conflict carries the
 * current value in the same round trip); reads and watches map one to one. etcd must allow
 * requests of {@link Keys#MAX_VALUE_BYTES} plus overhead ({@code --max-request-bytes=4194304}).
 */
public final class EtcdStore extends StoreBase {
    private static final int MAX_MESSAGE_BYTES = 256 << 20;

    private final Client client;
    private final KV kv;
    private final EtcdLeases leases;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();
    private final Thread progressTicker;
    private final Compactor compactor;

    private EtcdStore(List<String> endpoints, StoreOptions options) {
        super(options);
        this.client = Client.builder()
                .endpoints(endpoints.toArray(String[]::new))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build();
        this.kv = client.getKVClient();
        this.leases = new EtcdLeases(client.getLeaseClient(), options.clock());
        this.progressTicker = Thread.ofVirtual().name("etcd-watch-progress")
                .start(() -> tickProgress(options.progressInterval()));
        // Like kube-apiserver: etcd's own auto-compaction is off by default, its client compacts.
        this.compactor = Compactor.start(this, options.compactionInterval());
    }

    /** Connects to etcd at {@code endpoints} (e.g. {@code http://127.0.0.1:2379}). */
    public static EtcdStore connect(List<String> endpoints, StoreOptions options) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is needed");
        }
        return new EtcdStore(endpoints, options);
    }

    @Override
    protected long revisionNow() {
        GetResponse r = EtcdCalls.await(kv.get(bytes(options.keyPrefix()),
                GetOption.builder().isPrefix(true).withCountOnly(true).build()), 0);
        return r.getHeader().getRevision();
    }

    @Override
    protected Optional<KeyValue> read(String key, long atRevision) {
        GetResponse r = EtcdCalls.await(kv.get(bytes(key),
                GetOption.builder().withRevision(atRevision).build()), atRevision);
        return r.getKvs().stream().findFirst().map(EtcdStore::toKeyValue);
    }

    @Override
    protected RangeResult readRange(String prefix, int limit, String continueAfter, long atRevision) {
        String start = continueAfter == null ? prefix : Keys.successor(continueAfter);
        GetResponse r = EtcdCalls.await(kv.get(bytes(start), GetOption.builder()
                .withRange(bytes(Keys.prefixEnd(prefix)))
                .withLimit(limit)
                .withRevision(atRevision)
                .withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND)
                .build()), atRevision);
        List<KeyValue> items = new ArrayList<>(r.getKvs().size());
        for (io.etcd.jetcd.KeyValue k : r.getKvs()) {
            items.add(toKeyValue(k));
        }
        long served = atRevision == 0 ? r.getHeader().getRevision() : atRevision;
        return new RangeResult(items, served, r.isMore());
    }

    @Override
    protected long countNow(String prefix) {
        return EtcdCalls.await(kv.get(bytes(prefix),
                GetOption.builder().isPrefix(true).withCountOnly(true).build()), 0).getCount();
    }

    @Override
    protected WriteResult doCreate(String key, byte[] value, Duration ttl) {
        ByteSequence k = bytes(key);
        return txn(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
                Op.put(k, ByteSequence.from(value), putOption(ttl)), k);
    }

    @Override
    protected WriteResult doUpdate(String key, long expectedModRevision, byte[] value, Duration ttl) {
        ByteSequence k = bytes(key);
        return txn(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)),
                Op.put(k, ByteSequence.from(value), putOption(ttl)), k);
    }

    @Override
    protected WriteResult doDelete(String key, long expectedModRevision) {
        ByteSequence k = bytes(key);
        return txn(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)),
                Op.delete(k, DeleteOption.DEFAULT), k);
    }

    private WriteResult txn(Cmp condition, Op then, ByteSequence key) {
        TxnResponse r = EtcdCalls.await(kv.txn().If(condition).Then(then).Else(Op.get(key, GetOption.DEFAULT))
                .commit(), 0);
        if (r.isSucceeded()) {
            return new WriteResult.Written(r.getHeader().getRevision());
        }
        List<io.etcd.jetcd.KeyValue> current = r.getGetResponses().getFirst().getKvs();
        return new WriteResult.Conflict(current.stream().findFirst().map(EtcdStore::toKeyValue));
    }

    private PutOption putOption(Duration ttl) {
        if (ttl == null) {
            return PutOption.DEFAULT;
        }
        try {
            return PutOption.builder().withLeaseId(leases.leaseFor(ttl)).build();
        } catch (Exception e) {
            throw EtcdCalls.translate(e, 0);
        }
    }

    @Override
    protected Watch doWatch(String prefix, long fromRevision, WatchListener listener) {
        // etcd's "from now" is whenever the server gets to the request, after this call returns;
        // pin it to the revision current at the call, so a write made right after is not missed.
        long after = fromRevision == 0 ? revisionNow() : fromRevision;
        EtcdWatch w = new EtcdWatch(client.getWatchClient(), prefix, after, listener,
                options.watchQueueLimit(), watches::remove);
        watches.add(w);
        w.start();
        return w;
    }

    @Override
    protected void doCompact(long revision) {
        CompletableFuture<?> done = kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build());
        EtcdCalls.awaitCompaction(done, revision);
    }

    private void tickProgress(Duration interval) {
        try {
            while (true) {
                Thread.sleep(interval);
                for (EtcdWatch w : watches) {
                    w.requestProgress();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue k) {
        return new KeyValue(k.getKey().toString(StandardCharsets.UTF_8), k.getValue().getBytes(),
                k.getCreateRevision(), k.getModRevision(), k.getVersion());
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Override
    protected void doClose() {
        compactor.close();
        progressTicker.interrupt();
        for (EtcdWatch w : watches) {
            w.end(new StoreClosedException());
        }
        client.close();
    }
}
