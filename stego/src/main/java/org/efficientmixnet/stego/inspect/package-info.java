/**
 * Forensic first looks at a suspicious file: data hidden after the end of a JPEG or PNG ({@link Trailer}), JPEG
 * metadata and quality ({@link JpegInfo}), and where two images or two JPEGs differ ({@link Differences}). Input is
 * hostile: sizes are checked before allocation and errors name the file.
 */
package org.efficientmixnet.stego.inspect;
