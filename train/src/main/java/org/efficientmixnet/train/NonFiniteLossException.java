package org.efficientmixnet.train;

/** Training stopped because the loss became NaN or infinite; the last good checkpoint is left as it was. */
public class NonFiniteLossException extends IllegalStateException {
    public NonFiniteLossException(String message) {
        super(message);
    }
}
