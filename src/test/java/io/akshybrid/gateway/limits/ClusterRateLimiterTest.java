package io.akshybrid.gateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClusterRateLimiterTest {

    static final long SECOND = 1_000_000_000L;

    @Test
    void givenABurst_whenSpent_thenTheNextRequestWaitsForTheRefill() {
        ClusterRateLimiter limiter = new ClusterRateLimiter(100, 1000);
        assertEquals(0, limiter.acquire("c", 1000, 0));
        assertEquals(5, limiter.acquire("c", 500, 0), "500 events at 100/s");
        assertEquals(0, limiter.acquire("c", 500, 5 * SECOND));
    }

    @Test
    void givenTwoClusters_whenOneIsOverItsRate_thenTheOtherIsNotLimited() {
        ClusterRateLimiter limiter = new ClusterRateLimiter(10, 100);
        assertEquals(0, limiter.acquire("a", 100, 0));
        assertEquals(1, limiter.acquire("a", 1, 0));
        assertEquals(0, limiter.acquire("b", 100, 0));
    }

    @Test
    void givenALongPause_whenRefilled_thenTheBucketHoldsNoMoreThanTheBurst() {
        ClusterRateLimiter limiter = new ClusterRateLimiter(100, 200);
        assertEquals(0, limiter.acquire("c", 200, 0));
        assertEquals(0, limiter.acquire("c", 200, 3600 * SECOND));
        assertEquals(1, limiter.acquire("c", 100, 3600 * SECOND));
    }
}
