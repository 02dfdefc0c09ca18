package dev.latm.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one bearer-token check, for gRPC calls and the metrics endpoint alike: reads an
 * {@code Authorization} value with a case-insensitive {@code Bearer} scheme (RFC 6750), compares the
 * token in constant time, and answers wrong guesses only after a fixed delay, on a timer thread,
 * so a guesser is slowed down without a server thread being held.
 */
public final class TokenCheck implements AutoCloseable {
    /** What a wrong token waits before it is refused, unless the server says otherwise. */
    public static final Duration DEFAULT_FAILURE_DELAY = Duration.ofSeconds(1);
    private static final String SCHEME = "Bearer";

    private final byte[] expectedDigest;
    private final Duration failureDelay;
    private final ScheduledExecutorService timer;

    /** What an {@code Authorization} value is worth. */
    public enum Verdict {
        /** The right token. */
        ACCEPTED,
        /** No bearer credentials at all: a client that does not know it must send them. */
        MISSING,
        /** A bearer token that is not the one: a guess, answered after the failure delay. */
        WRONG
    }

    /**
     * @param token        the token every call must carry (surrounding white space ignored)
     * @param failureDelay how long a wrong token waits for its refusal; zero refuses at once
     */
    public TokenCheck(String token, Duration failureDelay) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the auth token must not be empty");
        }
        this.expectedDigest = digest(token.strip());
        this.failureDelay = Objects.requireNonNull(failureDelay, "failureDelay");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "latm-auth-delay");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** @param authorization the header's value, or null when there is none */
    public Verdict check(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !Character.isWhitespace(authorization.charAt(SCHEME.length()))) {
            return Verdict.MISSING;
        }
        byte[] presented = digest(authorization.substring(SCHEME.length()).strip());
        // digests of equal length, compared in constant time: neither the token's length nor how much of a
        // guess was right shows in the time an answer takes
        return MessageDigest.isEqual(expectedDigest, presented) ? Verdict.ACCEPTED : Verdict.WRONG;
    }

    /** Runs {@code refuse} once the failure delay has passed, on the timer thread. */
    public void afterFailureDelay(Runnable refuse) {
        timer.schedule(refuse, failureDelay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops the timer; refusals still waiting are dropped (their connections close with the server). */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }
}
