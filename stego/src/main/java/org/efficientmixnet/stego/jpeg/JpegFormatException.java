package org.efficientmixnet.stego.jpeg;

import java.io.IOException;

/** A JPEG that cannot be read or is of a kind we do not handle; the message names the file and the fault. */
public class JpegFormatException extends IOException {
    public JpegFormatException(String message) {
        super(message);
    }
}
