package org.efficientmixnet.arch;

/** How convolutions pad their input. */
public enum Padding {
    /** PyTorch's symmetric padding {@code ((stride - 1) + (k - 1)) / 2} on each side. */
    SYMMETRIC,
    /** TensorFlow's "SAME": output size ceil(in / stride); an odd total pad puts the extra pixel bottom/right. */
    SAME,
    /** No padding (TensorFlow's "VALID", PyTorch's {@code padding=0}): the DCGAN-style networks of adversarial steganography. */
    VALID
}
