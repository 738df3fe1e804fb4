package io.shoplens.core.io;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.OrderLine;
import io.shoplens.core.data.UserAttributes;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a {@link Dataset}: the item catalogue and user attributes first (so that items without events still get
 * an index and can be recommended cold), then the events, all into one id space.
 */
public final class DatasetLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

    private DatasetLoader() {
    }

    /**
     * What to load.
     *
     * @param events the behaviour log (required)
     * @param format its format
     * @param items  item catalogue CSV, or null
     * @param users  user attributes CSV, or null
     */
    public record Source(Path events, EventFormat format, Path items, Path users) {
        /** Only an events file. */
        public static Source events(Path events, EventFormat format) {
            return new Source(events, format, null, null);
        }
    }

    /** Loads {@code source}; see the class comment for the order. */
    public static Dataset load(Source source, LoadOptions options) {
        IdMap users = new IdMap("user");
        IdMap items = new IdMap("item");
        IdMap categories = new IdMap("category");
        List<LoadReport> side = new ArrayList<>();
        ItemCatalog.Builder catalog = new ItemCatalog.Builder();
        UserAttributes.Builder attributes = new UserAttributes.Builder();
        if (source.items() != null) {
            IntOpenHashSet seen = new IntOpenHashSet();
            side.add(new ItemsCsvReader().read(source.items(), (item, category, price, title, image) -> {
                int i = items.intern(item);
                if (!seen.add(i)) {
                    throw new BadRowException("item '" + item + "' is listed twice");
                }
                catalog.set(i, category == null ? -1 : categories.intern(category), price, title, image);
            }, options));
        }
        if (source.users() != null) {
            IntOpenHashSet seen = new IntOpenHashSet();
            side.add(new UsersCsvReader().read(source.users(), (user, age, gender, region) -> {
                int u = users.intern(user);
                if (!seen.add(u)) {
                    throw new BadRowException("user '" + user + "' is listed twice");
                }
                attributes.set(u, age, gender, region);
            }, options));
        }
        InteractionStoreBuilder builder = new InteractionStoreBuilder(users, items, categories)
                .timeKind(!source.format().hasTimestamps());
        List<OrderLine> orders = new ArrayList<>();
        EventReader reader = source.format().reader((invoice, item, quantity, unitPrice, customer, time, country,
                description) -> orders.add(new OrderLine(invoice, items.indexOf(item), quantity, unitPrice,
                users.indexOf(customer), time, country)));
        LoadReport report = reader.read(source.events(), builder, options);
        LOG.info("{}", report.summary());
        side.forEach(r -> LOG.info("{}", r.summary()));
        InteractionStore store = builder.build();
        List<LoadReport> reports = new ArrayList<>();
        reports.add(report);
        reports.addAll(side);
        return new Dataset(source.events().getFileName().toString(), store, catalog.build(store.numItems()),
                attributes.build(store.numUsers()), orders, reports);
    }
}
