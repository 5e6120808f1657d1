package org.efficientmixnet.weights;

/** Weights that do not fit the network they are loaded into; the message names the keys and shapes at fault. */
public class WeightsMismatchException extends IllegalArgumentException {
    public WeightsMismatchException(String message) {
        super(message);
    }
}
