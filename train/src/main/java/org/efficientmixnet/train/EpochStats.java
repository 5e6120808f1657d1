package org.efficientmixnet.train;

/** One epoch of a run. Validation values are NaN when the run has no validation data. */
public record EpochStats(int epoch, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc,
        double valTop5, double seconds, double imagesPerSecond, int skipped) {

    public static final String CSV_HEADER = "epoch,lr,train_loss,train_acc,val_loss,val_acc,val_top5,seconds,images_per_s,skipped";

    public String csv() {
        return epoch + "," + lr + "," + trainLoss + "," + trainAcc + "," + valLoss + "," + valAcc + "," + valTop5 + ","
                + seconds + "," + imagesPerSecond + "," + skipped;
    }

    /** The value of a metric named as in {@link TrainConfig#earlyStop()}. */
    public double metric(String name) {
        return switch (name) {
            case "val_acc" -> valAcc;
            case "val_loss" -> valLoss;
            case "val_top5" -> valTop5;
            case "train_loss" -> trainLoss;
            default -> throw new IllegalArgumentException("unknown metric " + name);
        };
    }

    public static boolean higherIsBetter(String metric) {
        return !metric.endsWith("loss");
    }
}
