/**
 * Structural attacks on LSB replacement: they estimate, without training, the payload (bits per pixel) that was
 * embedded by replacing least significant bits at randomly spread positions. {@link SamplePairs} (SPA, Dumitrescu,
 * Wu, Wang 2003), {@link RsAnalysis} (RS, Fridrich, Goljan, Du 2001), {@link WeightedStego} (WS, Fridrich and Goljan
 * 2004 with Ker and Böhme's 2008 predictor, weights and bias correction) and {@link Triples} (Ker 2005). Each works
 * on one 8-bit plane ({@code int[row][col]}); {@link ImagePlanes} splits an image file into its colour channels and
 * {@link StructuralAttack} runs a method on every channel. {@link AttackStudy} measures bias and spread of every
 * method on covers with {@link RandomLsbReplacement} at known rates. Plain Java, no native code.
 */
package org.efficientmixnet.stego.attack;
