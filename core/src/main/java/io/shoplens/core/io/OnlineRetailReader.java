package io.shoplens.core.io;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.EventSink;
import io.shoplens.core.data.OrderSink;
import java.util.Set;

/**
 * The UCI Online Retail CSV (Chen et al. 2012): header
 * {@code InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country}, RFC 4180 quoting.
 * Each valid line is an order line and a {@link Behavior#BUY} event of the customer on the stock code.
 *
 * <p>Rejected (quarantined with the reason): lines without a CustomerID (guest checkouts, about a quarter of the
 * UCI file, which is why this format's default bad-row ratio is 0.35), cancellations (negative quantity or an
 * invoice starting with {@code C}), zero quantities, negative prices, and service codes such as POST, DOT, M,
 * BANK CHARGES and AMAZONFEE that are not products.
 */
final class OnlineRetailReader extends LineReader<EventSink> implements EventReader {
    private static final Set<String> SERVICE_CODES = Set.of("POST", "DOT", "M", "BANK CHARGES", "AMAZONFEE",
            "CRUK", "D", "C2", "PADS", "S", "B", "m");

    private final OrderSink orders;
    private final Fields f = Fields.delimited(',', true, "InvoiceNo", "StockCode", "Description", "Quantity",
            "InvoiceDate", "UnitPrice", "CustomerID", "Country");
    private int cInvoice;
    private int cStock;
    private int cDescription;
    private int cQuantity;
    private int cDate;
    private int cPrice;
    private int cCustomer;
    private int cCountry;
    private int columns;

    /** @param orders receives the order lines; may be {@code null} when only events are wanted */
    OnlineRetailReader(OrderSink orders) {
        super(EventFormat.ONLINE_RETAIL);
        this.orders = orders;
    }

    @Override
    boolean hasHeader() {
        return true;
    }

    @Override
    void readHeader(LineSource line) {
        Header h = Header.of(line, f);
        cInvoice = h.require("InvoiceNo", "Invoice");
        cStock = h.require("StockCode");
        cDescription = h.optional("Description");
        cQuantity = h.require("Quantity");
        cDate = h.require("InvoiceDate");
        cPrice = h.require("UnitPrice", "Price");
        cCustomer = h.require("CustomerID", "Customer ID");
        cCountry = h.optional("Country");
        columns = h.size();
    }

    @Override
    void parseRow(LineSource line, EventSink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), columns);
        String invoice = f.string(cInvoice);
        if (invoice.isEmpty()) {
            throw new BadRowException("InvoiceNo is empty");
        }
        String stock = f.string(cStock);
        if (stock.isEmpty()) {
            throw new BadRowException("StockCode is empty");
        }
        if (SERVICE_CODES.contains(stock)) {
            throw new BadRowException("StockCode '" + stock + "' is a service charge, not a product");
        }
        long quantity = f.parseLong(cQuantity);
        if (quantity < 0 || invoice.startsWith("C")) {
            throw new BadRowException("quantity " + quantity + " on invoice '" + invoice + "' is a cancellation");
        }
        if (quantity == 0 || quantity > Integer.MAX_VALUE) {
            throw new BadRowException("quantity " + quantity + " is not a positive count");
        }
        double price = f.parseDouble(cPrice);
        if (price < 0) {
            throw new BadRowException("UnitPrice " + price + " is negative");
        }
        long time = checkTime(TimeParser.parse(f.string(cDate), "InvoiceDate"));
        String customer = f.string(cCustomer);
        if (customer.isEmpty()) {
            throw new BadRowException("CustomerID is empty (guest checkout)");
        }
        if (customer.endsWith(".0")) {
            customer = customer.substring(0, customer.length() - 2);
        }
        String country = cCountry >= 0 ? f.string(cCountry) : "";
        String description = cDescription >= 0 ? f.string(cDescription) : "";
        sink.event(customer, stock, null, Behavior.BUY, time);
        if (orders != null) {
            orders.orderLine(invoice, stock, (int) quantity, price, customer, time, country, description);
        }
    }
}
