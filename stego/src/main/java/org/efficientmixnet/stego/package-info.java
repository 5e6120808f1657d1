/** Steganography and steganalysis: JPEG coefficients, embedding simulators, cover/stego datasets. */
package org.efficientmixnet.stego;
