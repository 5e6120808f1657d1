package org.efficientmixnet.train.loop;

import java.io.IOException;

/**
 * Saves what a run needs to continue exactly (weights of every network, optimizer states, the {@link LoopState})
 * under a name ({@code last}, {@code best}); the task's, since only it knows its networks and its metadata.
 */
public interface Checkpointer {
    /** Saves the current state under {@code name}, replacing what was there only once all of it is written. */
    void save(String name, LoopState state) throws IOException;

    /** Makes {@code to} what {@link #save} just wrote as {@code from} (by default: saves again under {@code to}). */
    default void copy(String from, String to, LoopState state) throws IOException {
        save(to, state);
    }
}
