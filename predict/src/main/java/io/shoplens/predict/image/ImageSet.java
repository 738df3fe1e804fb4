package io.shoplens.predict.image;

import java.util.List;

/**
 * Grey-scale images with class labels, pixels row-major as unsigned bytes (0 = background, 255 = ink).
 *
 * @param rows       image height in pixels, at least 1
 * @param cols       image width in pixels, at least 1
 * @param pixels     {@code count × rows × cols} bytes
 * @param labels     one class per image, 0..classNames.size()-1
 * @param classNames the class names, at least 2
 */
public record ImageSet(int rows, int cols, byte[] pixels, int[] labels, List<String> classNames) {
    public ImageSet {
        classNames = List.copyOf(classNames);
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("images must be at least 1x1, got " + rows + "x" + cols);
        }
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("at least 2 classes are needed, got " + classNames);
        }
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + pixels.length + " pixels for "
                    + rows + "x" + cols + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is outside 0.."
                        + (classNames.size() - 1));
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Pixels per image. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** The images at {@code index}, in that order. */
    public ImageSet subset(int[] index) {
        int p = pixelsPerImage();
        byte[] px = new byte[index.length * p];
        int[] lb = new int[index.length];
        for (int k = 0; k < index.length; k++) {
            System.arraycopy(pixels, index[k] * p, px, k * p, p);
            lb[k] = labels[index[k]];
        }
        return new ImageSet(rows, cols, px, lb, classNames);
    }

    /** Image {@code i}'s pixels scaled to [0, 1]. */
    public float[] image(int i) {
        int p = pixelsPerImage();
        float[] out = new float[p];
        for (int k = 0; k < p; k++) {
            out[k] = (pixels[i * p + k] & 0xff) / 255f;
        }
        return out;
    }
}
