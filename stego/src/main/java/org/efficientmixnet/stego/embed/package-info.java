/**
 * Embedding simulators and cost functions for steganography research, in plain Java (no dependencies).
 *
 * <p>Spatial covers are grayscale pixels {@code int[row][col]} in 0..255. JPEG covers are the quantized DCT
 * coefficients of one component in the 2-D layout: row {@code 8*i+k}, column {@code 8*j+l} holds DCT mode
 * (k, l) of block (i, j); its quantization table is {@code int[64]} in row-major natural order ({@code k*8+l}).
 * A cost function returns a {@link org.efficientmixnet.stego.embed.CostMap}; the
 * {@link org.efficientmixnet.stego.embed.EmbeddingSimulator} turns costs and a message length into change
 * probabilities and a seeded, reproducible stego array. An {@link org.efficientmixnet.stego.embed.Algorithm}
 * ties a {@link org.efficientmixnet.stego.embed.CostFunction} (default and named variants), a
 * {@link org.efficientmixnet.stego.embed.Domain} and a {@link org.efficientmixnet.stego.embed.Simulator} to a
 * name; {@link org.efficientmixnet.stego.embed.Algorithms} is the registry. See {@code docs/stego-embed.md}.
 */
package org.efficientmixnet.stego.embed;
