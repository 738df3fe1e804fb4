package io.shoplens.core.data;

/** Receives validated order lines (one product on one invoice) from an order-log reader, in file order. */
public interface OrderSink {
    /**
     * One order line.
     *
     * @param invoice   the invoice (order) number
     * @param item      the product's external id (stock code)
     * @param quantity  units bought, at least 1
     * @param unitPrice price of one unit in the shop's currency, at least 0
     * @param customer  the customer's external id
     * @param time      epoch seconds UTC
     * @param country   the customer's country, may be empty
     * @param description the product's description as written on the invoice, may be empty
     */
    void orderLine(String invoice, String item, int quantity, double unitPrice, String customer, long time,
                   String country, String description);
}
