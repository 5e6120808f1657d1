/** Spark jobs: embedding and scoring at dataset scale. */
package org.efficientmixnet.spark;
