package io.akshybrid.gateway.privacy;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * How many pieces of personal data of each {@link PiiScanner.Kind} were replaced: an immutable count
 * per kind. {@link #NONE} is the empty count; {@link #plus} adds two.
 */
public final class Redactions {

    public static final Redactions NONE = new Redactions(new int[PiiScanner.Kind.values().length]);

    private final int[] byKind;

    private Redactions(int[] byKind) {
        this.byKind = byKind;
    }

    /** One finding of {@code kind} more than this. */
    public Redactions plus(PiiScanner.Kind kind) {
        int[] next = byKind.clone();
        next[kind.ordinal()]++;
        return new Redactions(next);
    }

    public Redactions plus(Redactions other) {
        if (other.total() == 0) {
            return this;
        }
        if (total() == 0) {
            return other;
        }
        int[] next = byKind.clone();
        for (int i = 0; i < next.length; i++) {
            next[i] += other.byKind[i];
        }
        return new Redactions(next);
    }

    public int total() {
        int n = 0;
        for (int k : byKind) {
            n += k;
        }
        return n;
    }

    /** Calls {@code action} for every kind, in declaration order, with its count (zero included). */
    public void forEach(ObjIntConsumer<PiiScanner.Kind> action) {
        for (PiiScanner.Kind kind : PiiScanner.Kind.values()) {
            action.accept(kind, byKind[kind.ordinal()]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Redactions r && Arrays.equals(byKind, r.byKind);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(byKind);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Redactions{");
        forEach((kind, n) -> {
            if (n > 0) {
                sb.append(sb.length() > 11 ? ", " : "")
                        .append(kind.label)
                        .append('=')
                        .append(n);
            }
        });
        return sb.append('}').toString();
    }
}
