package org.efficientmixnet.advsteg;

/**
 * The sizes of Alice, Bob and Eve (Hayes &amp; Danezis, NeurIPS 2017, as the PyTorch port spencerwooo/advsteg-pytorch
 * defines them). {@code width} is the reference's {@code output_size}: the channel base of every network (×8, ×4,
 * ×2, ×1). The feature map behind Alice's linear layer is {@code m × m} with {@code m = ceil(width / 16)}, computed as
 * the reference computes it, and the image size follows from the four unpadded 5×5 stride-2 layers: each transposed
 * convolution maps {@code s → 2s + 3}, so covers and stegos are {@code 16·m + 45} pixels square (109 for width 64).
 *
 * @param width          channel base ({@code --width}); the reference's 64 gives the 109×109 images
 * @param messageLength  message bits per image ({@code --msg-len}, 100 in the reference)
 * @param inChannels     image channels (3 in the reference, 1 for grayscale)
 */
public record AdvStegConfig(int width, int messageLength, int inChannels) {
    /** The reference's settings: 109×109 colour images, 100 bits; Alice's first layer alone has ~293 M parameters. */
    public static final AdvStegConfig REFERENCE = new AdvStegConfig(64, 100, 3);
    /**
     * The CPU default: width 32 (77×77 colour images, 100 bits), about 19 M parameters in all, so that a 2-core
     * machine trains it in minutes; {@code --reference} (or {@link #REFERENCE}) restores the paper's sizes.
     */
    public static final AdvStegConfig CPU_DEFAULT = new AdvStegConfig(32, 100, 3);

    public AdvStegConfig {
        if (width < 1 || width > 1024) {
            throw new IllegalArgumentException("--width must be in 1..1024, got " + width);
        }
        if (messageLength < 1 || messageLength > 65536) {
            throw new IllegalArgumentException("--msg-len must be in 1..65536 bits, got " + messageLength);
        }
        if (inChannels != 1 && inChannels != 3) {
            throw new IllegalArgumentException("--in-chans must be 1 (gray) or 3 (colour), got " + inChannels);
        }
    }

    /** Side of the feature map behind Alice's linear layer and before Bob's and Eve's: ceil(width / 16). */
    public int mapSize() {
        return (width + 15) / 16;
    }

    /** Side of covers and stegos in pixels: 16·mapSize + 45. */
    public int imageSize() {
        return 16 * mapSize() + 45;
    }

    /** Values in one image: channels × side². */
    public int imageValues() {
        return inChannels * imageSize() * imageSize();
    }

    /** Features of the map before Bob's and Eve's linear layers and after Alice's: width·8·m². */
    public int mapFeatures() {
        return width * 8 * mapSize() * mapSize();
    }

    public AdvStegConfig withWidth(int w) {
        return new AdvStegConfig(w, messageLength, inChannels);
    }

    public AdvStegConfig withMessageLength(int l) {
        return new AdvStegConfig(width, l, inChannels);
    }

    public AdvStegConfig withInChannels(int c) {
        return new AdvStegConfig(width, messageLength, c);
    }

    /** The one-line error for an image of the wrong size, saying which size is needed and why. */
    public String sizeError(String what, long height, long width) {
        return what + " is " + width + "×" + height + "; these networks (width " + this.width + ") take "
                + imageSize() + "×" + imageSize() + " images (16·ceil(width/16) + 45)";
    }
}
