package io.akshybrid.gateway.shards;

import io.akshybrid.gateway.failure.GatewayException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit and admission control for one region's writes. Requests wait in a queue bounded in
 * requests and in rows; at most {@code writers} transactions run at a time, so the shard's pool is
 * never asked for more connections than it holds. A writer that becomes free takes every request
 * that queued meanwhile, up to {@code maxBatchRows} rows, into one transaction. There is no timer:
 * when a writer is free a request is written at once, alone, so an idle gateway adds no wait; the
 * busier the shard, the larger the groups.
 *
 * <p>Refusals are immediate and cheap: a full queue fails the request at once, and a request that
 * waited longer than {@code queueTimeout} without a writer fails then. Both are 503 with Retry-After.
 * A group that fails for one request's data is written again request by request, so that the others
 * are stored; a group that fails because the shard is unavailable fails every request in it.
 *
 * <p>Thread-safe: requests arrive on any event loop. Each request's answer is delivered on the
 * Vert.x context it was submitted from. Never blocks.
 */
final class RegionWriteQueue {

    /** The bounds of one region's queue. */
    record Limits(int writers, int maxBatchRows, int maxQueuedRequests, int maxQueuedRows, long queueTimeoutNanos) {
        Limits {
            if (writers < 1
                    || maxBatchRows < 1
                    || maxQueuedRequests < 1
                    || maxQueuedRows < 1
                    || queueTimeoutNanos < 1) {
                throw new IllegalArgumentException("write queue limits must be positive");
            }
        }
    }

    private static final class Entry {
        final PendingWrite write;
        final long deadline;
        final Context context;
        final UniEmitter<? super BitSet> emitter;

        Entry(PendingWrite write, long deadline, Context context, UniEmitter<? super BitSet> emitter) {
            this.write = write;
            this.deadline = deadline;
            this.context = context;
            this.emitter = emitter;
        }

        void complete(BitSet stored) {
            deliver(() -> emitter.complete(stored));
        }

        void fail(Throwable e) {
            deliver(() -> emitter.fail(e));
        }

        private void deliver(Runnable r) {
            if (context == null || context == Vertx.currentContext()) {
                r.run();
            } else {
                context.runOnContext(v -> r.run());
            }
        }
    }

    /** Requests per transaction at most, whatever their rows (bounds the work of a split after a data error). */
    static final int MAX_GROUP_REQUESTS = 256;

    private final String region;
    private final Limits limits;
    /** Writes one group on the region's current shard; fails with a GatewayException when it is unavailable. */
    private final Function<List<PendingWrite>, Uni<List<BitSet>>> writeGroup;
    /** The 503 for a request that is refused or expired; the detail says which. */
    private final Function<String, GatewayException> unavailable;

    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private int queuedRows;
    private int writing;
    private long groups;
    private long groupedRequests;

    RegionWriteQueue(
            String region,
            Limits limits,
            Function<List<PendingWrite>, Uni<List<BitSet>>> writeGroup,
            Function<String, GatewayException> unavailable) {
        this.region = region;
        this.limits = limits;
        this.writeGroup = writeGroup;
        this.unavailable = unavailable;
    }

    /** Whether a request of about {@code rows} rows would be refused now: checked before the body is parsed. */
    synchronized boolean full(int rows) {
        return queue.size() >= limits.maxQueuedRequests()
                || (!queue.isEmpty() && queuedRows + rows > limits.maxQueuedRows());
    }

    /** The 503 for a request that does not fit in the queue. */
    GatewayException queueFull() {
        return unavailable.apply("the write queue of region " + region + " is full; send the request again later");
    }

    /** The positions of the write's events that were stored now; a failed Uni of 503 when refused or unavailable. */
    Uni<BitSet> submit(PendingWrite write) {
        return Uni.createFrom().emitter(emitter -> {
            Entry entry =
                    new Entry(write, System.nanoTime() + limits.queueTimeoutNanos(), Vertx.currentContext(), emitter);
            boolean refused;
            synchronized (this) {
                refused = full(write.rows());
                if (!refused) {
                    queue.addLast(entry);
                    queuedRows += write.rows();
                }
            }
            if (refused) {
                entry.fail(queueFull());
                return;
            }
            drain();
        });
    }

    /** Fails the requests that waited too long for a writer; called periodically and on every drain. */
    void expire() {
        List<Entry> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            while (!queue.isEmpty() && now - queue.peekFirst().deadline > 0) {
                Entry e = queue.pollFirst();
                queuedRows -= e.write.rows();
                expired.add(e);
            }
        }
        for (Entry e : expired) {
            e.fail(unavailable.apply("the shard of region " + region + " could not take the write in time; "
                    + "send the request again later"));
        }
    }

    /** Starts a group on every free writer while requests wait. */
    private void drain() {
        expire();
        while (true) {
            List<Entry> group = new ArrayList<>();
            synchronized (this) {
                if (writing >= limits.writers() || queue.isEmpty()) {
                    return;
                }
                int rows = 0;
                while (!queue.isEmpty()
                        && group.size() < MAX_GROUP_REQUESTS
                        && (group.isEmpty() || rows + queue.peekFirst().write.rows() <= limits.maxBatchRows())) {
                    Entry e = queue.pollFirst();
                    rows += e.write.rows();
                    group.add(e);
                }
                queuedRows -= rows;
                writing++;
                groups++;
                groupedRequests += group.size();
            }
            write(group);
        }
    }

    /** Writes a group taken by a writer, and frees the writer once every request in it is answered. */
    private void write(List<Entry> group) {
        write(group, shardFailure -> {
            finished();
            drain();
        });
    }

    /**
     * Writes {@code group} in one transaction and answers each of its requests, then calls
     * {@code done} with the shard's failure, or null. A group of several that fails for its data (an
     * error PostgreSQL raises for a row, not for the shard) is written again one request at a time,
     * so that only the request whose rows failed gets that failure.
     */
    private void write(List<Entry> group, Consumer<GatewayException> done) {
        writeGroup
                .apply(group.stream().map(e -> e.write).toList())
                .subscribe()
                .with(
                        stored -> {
                            for (int i = 0; i < group.size(); i++) {
                                group.get(i).complete(stored.get(i));
                            }
                            done.accept(null);
                        },
                        failure -> {
                            if (group.size() > 1 && !(failure instanceof GatewayException)) {
                                oneByOne(group, 0, done);
                                return;
                            }
                            group.forEach(e -> e.fail(failure));
                            done.accept(failure instanceof GatewayException g ? g : null);
                        });
    }

    /** Writes the requests of a failed group alone, in order; a shard failure answers the rest with it. */
    private void oneByOne(List<Entry> group, int next, Consumer<GatewayException> done) {
        if (next == group.size()) {
            done.accept(null);
            return;
        }
        write(List.of(group.get(next)), shardFailure -> {
            if (shardFailure == null) {
                oneByOne(group, next + 1, done);
                return;
            }
            // The shard itself failed: the rest would wait out that failure one by one.
            group.subList(next + 1, group.size()).forEach(rest -> rest.fail(shardFailure));
            done.accept(shardFailure);
        });
    }

    private synchronized void finished() {
        writing--;
    }

    /** Every writer is busy (requests may be waiting too). */
    synchronized boolean saturated() {
        return writing >= limits.writers();
    }

    /** Requests waiting for a writer. */
    synchronized int queuedRequests() {
        return queue.size();
    }

    /** Mean requests per transaction since start: how much group commit is grouping. */
    synchronized double requestsPerGroup() {
        return groups == 0 ? 0 : (double) groupedRequests / groups;
    }

    /** Fails every waiting request: the application stops or the region left the map. */
    void close(Supplier<GatewayException> why) {
        List<Entry> left;
        synchronized (this) {
            left = new ArrayList<>(queue);
            queue.clear();
            queuedRows = 0;
        }
        left.forEach(e -> e.fail(why.get()));
    }
}
