package org.efficientmixnet.train.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How images become network inputs. {@code resize}: "auto" scales the shorter side to the resolution (bilinear),
 * "none" never resamples (images larger than the resolution are cropped, smaller ones are an error). Training
 * adds a random crop (else centre), flips, rotations by 90° or the whole D4 group, and colour jitter.
 */
public record Augment(String resize, boolean randomCrop, boolean hflip, boolean vflip, boolean rot90, boolean d4,
        double jitter, String normalization) {

    public static Augment defaults() {
        return new Augment("auto", true, true, false, false, false, 0, "imagenet");
    }

    /** Nothing random, nothing resampled: what steganalysis wants for evaluation. */
    public static Augment none() {
        return new Augment("none", false, false, false, false, false, 0, "imagenet");
    }

    public boolean resamples() {
        return !"none".equals(resize);
    }

    public List<Transform> train(int resolution) {
        List<Transform> t = new ArrayList<>(geometry(resolution, randomCrop));
        if (d4) {
            t.add(Transforms.randomDihedral());
        } else {
            if (hflip) {
                t.add(Transforms.randomHorizontalFlip(0.5));
            }
            if (vflip) {
                t.add(Transforms.randomVerticalFlip(0.5));
            }
            if (rot90) {
                t.add(Transforms.randomRot90());
            }
        }
        if (jitter > 0) {
            t.add(Transforms.colorJitter(jitter, jitter, jitter));
        }
        return t;
    }

    public List<Transform> eval(int resolution) {
        return geometry(resolution, false);
    }

    private List<Transform> geometry(int resolution, boolean random) {
        List<Transform> t = new ArrayList<>();
        if (!"none".equals(resize) && !"auto".equals(resize)) {
            throw new IllegalArgumentException("--resize must be auto or none, got '" + resize + "'");
        }
        if (resamples()) {
            t.add(Transforms.resizeShorter(resolution));
        }
        Transform crop = random ? Transforms.randomCrop(resolution) : Transforms.centerCrop(resolution);
        t.add((p, rng) -> p.height() == resolution && p.width() == resolution ? p : crop.apply(p, rng));
        return t;
    }
}
