package org.efficientmixnet.train.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How images become network inputs. {@code resize}: "auto" scales the shorter side to the resolution (antialiased,
 * as Pillow and so torchvision resize),
 * "none" never resamples (images larger than the resolution are cropped, smaller ones are an error). Training
 * adds a random crop (else centre), flips, rotations by 90° or the whole D4 group, and colour jitter.
 *
 * @param cropPct evaluation only, as timm's {@code crop_pct}: the shorter side is scaled to
 *                {@code floor(resolution / cropPct)} and the centre {@code resolution}² kept (0.875 for most ImageNet
 *                weights); 1 (or 0, as in run configs written before it existed) scales to the resolution itself
 * @param interpolation {@code bilinear} (also when null) or {@code bicubic}, Pillow's filters
 */
public record Augment(String resize, boolean randomCrop, boolean hflip, boolean vflip, boolean rot90, boolean d4,
        double jitter, String normalization, double cropPct, String interpolation) {

    public Augment {
        if (cropPct < 0 || cropPct > 1) { // 0: absent (run configs written before the field existed)
            throw new IllegalArgumentException("--crop-pct must be in (0, 1], got " + cropPct);
        }
        Resampling.Interpolation.fromName(interpolation); // names a bad one now, not at the first image
    }

    public Augment(String resize, boolean randomCrop, boolean hflip, boolean vflip, boolean rot90, boolean d4,
            double jitter, String normalization) {
        this(resize, randomCrop, hflip, vflip, rot90, d4, jitter, normalization, 1, null);
    }

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
        List<Transform> t = new ArrayList<>(geometry(resolution, randomCrop, resolution));
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
        return geometry(resolution, false, evalScaleSize(resolution));
    }

    /** The shorter side before the centre crop of evaluation. */
    public int evalScaleSize(int resolution) {
        return cropPct <= 0 || cropPct >= 1 ? resolution : (int) Math.floor(resolution / cropPct);
    }

    private List<Transform> geometry(int resolution, boolean random, int scaleSize) {
        List<Transform> t = new ArrayList<>();
        if (!"none".equals(resize) && !"auto".equals(resize)) {
            throw new IllegalArgumentException("--resize must be auto or none, got '" + resize + "'");
        }
        if (resamples()) {
            t.add(Transforms.resizeShorter(scaleSize, Resampling.Interpolation.fromName(interpolation)));
        }
        Transform crop = random ? Transforms.randomCrop(resolution) : Transforms.centerCrop(resolution);
        t.add((p, rng) -> p.height() == resolution && p.width() == resolution ? p : crop.apply(p, rng));
        return t;
    }
}
