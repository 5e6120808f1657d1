/** Training and evaluation: datasets and transforms, optimizers and schedules, the loop, metrics, logs and plots. */
package org.efficientmixnet.train;
