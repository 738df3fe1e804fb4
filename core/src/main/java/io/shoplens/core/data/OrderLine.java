package io.shoplens.core.data;

/**
 * One product on one order, with dense indexes into the data set's id maps.
 *
 * @param invoice   the order (invoice) number
 * @param item      item index
 * @param quantity  units, at least 1
 * @param unitPrice price of one unit, at least 0, in the shop's currency
 * @param customer  user index
 * @param time      epoch seconds UTC
 * @param country   the customer's country, may be empty
 */
public record OrderLine(String invoice, int item, int quantity, double unitPrice, int customer, long time,
                        String country) {
    /** quantity × unit price. */
    public double amount() {
        return quantity * unitPrice;
    }
}
