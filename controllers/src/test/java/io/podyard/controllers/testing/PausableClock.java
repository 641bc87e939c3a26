package io.podyard.controllers.testing;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The system clock that a test can hold still: while paused, controllers see one instant, so work
 * they delay ({@code enqueueAfter}) waits until the test resumes; resumed, it is the system clock.
 */
public final class PausableClock implements InstantSource {
    private volatile Instant paused;

    @Override
    public Instant instant() {
        Instant at = paused;
        return at != null ? at : Instant.now();
    }

    public void pause() {
        paused = Instant.now();
    }

    public void resume() {
        paused = null;
    }
}
