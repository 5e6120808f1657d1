package org.efficientmixnet.train.data;

import java.nio.file.Path;

/** One labelled image file. */
public record ImageSample(Path path, int label) {
}
