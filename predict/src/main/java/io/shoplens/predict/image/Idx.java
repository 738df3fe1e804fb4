package io.shoplens.predict.image;

import io.shoplens.core.data.DataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun et al.; Xiao, Rasul &amp; Vollgraf, arXiv:1708.07747):
 * big-endian magic {@code 0x00000803} then count, rows, cols and unsigned-byte pixels for images,
 * {@code 0x00000801} then count and unsigned-byte labels for labels. Plain or gzip (detected by content).
 */
public final class Idx {
    /** The Fashion-MNIST classes, labels 0..9. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int IMAGES = 0x803;
    private static final int LABELS = 0x801;

    private Idx() {
    }

    /** Reads an images file and its labels file into one set with {@code classNames}. */
    public static ImageSet read(Path images, Path labels, List<String> classNames) {
        try (DataInputStream im = open(images); DataInputStream lb = open(labels)) {
            int magic = im.readInt();
            if (magic != IMAGES) {
                throw new DataException(images + " is not an IDX images file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803)");
            }
            int n = im.readInt();
            int rows = im.readInt();
            int cols = im.readInt();
            if (n < 0 || rows < 1 || cols < 1 || (long) n * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DataException(images + " declares " + n + " images of " + rows + "x" + cols);
            }
            int lm = lb.readInt();
            if (lm != LABELS) {
                throw new DataException(labels + " is not an IDX labels file (magic 0x" + Integer.toHexString(lm)
                        + ", expected 0x801)");
            }
            int nl = lb.readInt();
            if (nl != n) {
                throw new DataException(images + " holds " + n + " images but " + labels + " holds " + nl
                        + " labels");
            }
            byte[] px = new byte[n * rows * cols];
            im.readFully(px);
            byte[] raw = new byte[n];
            lb.readFully(raw);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = raw[i] & 0xff;
                if (y[i] >= classNames.size()) {
                    throw new DataException("label " + y[i] + " of image " + i + " in " + labels + " is outside 0.."
                            + (classNames.size() - 1));
                }
            }
            return new ImageSet(rows, cols, px, y, classNames);
        } catch (EOFException e) {
            throw new DataException("IDX file " + images + " or " + labels + " ends early: truncated?", e);
        } catch (IOException e) {
            throw new DataException("cannot read IDX files " + images + ", " + labels + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Fashion-MNIST training and test sets in {@code dir} ({@code train-images-idx3-ubyte(.gz)} and friends);
     * fails naming the folder and where the data can be had when a file is missing.
     */
    public static ImageSet[] fashionMnist(Path dir) {
        return new ImageSet[] {
            read(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), FASHION_CLASSES),
            read(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), FASHION_CLASSES)};
    }

    private static Path find(Path dir, String stem) {
        for (String name : new String[] {stem + ".gz", stem}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException("Fashion-MNIST file " + stem + "(.gz) is not in " + dir + " (the shared data folder "
                + "../shared/data/fashion-mnist has it; 'apt-get install dataset-fashion-mnist' installs it in "
                + "/usr/share/datasets/fashion-mnist)");
    }

    private static DataInputStream open(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new DataException("IDX file " + p + " does not exist");
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }
}
