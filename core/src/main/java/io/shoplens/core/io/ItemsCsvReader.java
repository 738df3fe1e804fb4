package io.shoplens.core.io;

/**
 * The item catalogue CSV: a header naming the columns; required {@code item}, optional {@code category},
 * {@code price} (non-negative number), {@code title} and {@code image}; other columns are ignored.
 */
public final class ItemsCsvReader extends LineReader<ItemsCsvReader.Sink> {
    /** Receives valid catalogue rows; may reject a row (e.g. a duplicate) with a reason. */
    public interface Sink {
        /** One item; {@code category}, {@code title}, {@code image} may be null, {@code price} NaN. */
        void item(String item, String category, float price, String title, String image) throws BadRowException;
    }

    private final Fields f = Fields.delimited(',', true);
    private int cItem;
    private int cCategory;
    private int cPrice;
    private int cTitle;
    private int cImage;
    private int columns;

    public ItemsCsvReader() {
        super("items", 0.01);
    }

    @Override
    boolean hasHeader() {
        return true;
    }

    @Override
    void readHeader(LineSource line) {
        Header h = Header.of(line, f);
        cItem = h.require("item", "item_id");
        cCategory = h.optional("category", "category_id");
        cPrice = h.optional("price");
        cTitle = h.optional("title", "name");
        cImage = h.optional("image", "image_path");
        columns = h.size();
    }

    @Override
    void parseRow(LineSource line, Sink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), columns);
        String item = f.string(cItem);
        if (item.isEmpty()) {
            throw new BadRowException("item is empty");
        }
        float price = Float.NaN;
        if (cPrice >= 0 && !f.isEmpty(cPrice)) {
            double p = f.parseDouble(cPrice);
            if (p < 0) {
                throw new BadRowException("price " + p + " is negative");
            }
            price = (float) p;
        }
        sink.item(item, f.optionalString(cCategory), price, f.optionalString(cTitle), f.optionalString(cImage));
    }
}
