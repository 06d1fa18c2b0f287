package io.akshybrid.bench;

import java.util.Arrays;
import java.util.List;

/** Latency arithmetic for the ceiling (wrk computes its own percentiles). */
final class Stats {

    private Stats() {}

    /** A growable list of longs, for one thread's latencies without boxing. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static long[] concat(List<long[]> parts) {
        long[] out = new long[parts.stream().mapToInt(a -> a.length).sum()];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The {@code p}-th percentile (nearest rank) of {@code values}, 0 when there are none. */
    static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
