package io.shoplens.cli;

import io.shoplens.analytics.AnalyticsReport;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import io.shoplens.cli.report.HtmlReport;
import io.shoplens.core.io.LoadReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The analytics report as one HTML page: input validation, bar charts of the key series, and the small tables. */
final class AnalyticsPage {
    private AnalyticsPage() {
    }

    static void write(AnalyticsReport r, Path file) {
        HtmlReport h = new HtmlReport("Shoplens analytics: " + r.input().name());
        h.note(String.format(Locale.ROOT, "Engine %s; days and hours in UTC%+d; top %d; %s. Every table is also in "
                        + "<table>.csv and <table>.parquet beside this page.", r.engine(), r.options().utcOffsetHours(),
                r.options().topN(), r.options().hasPrices() ? "revenue from the item catalogue's prices"
                        : "no prices: sales are items bought, RFM monetary is items bought"));
        h.section("Input");
        List<List<Object>> files = new ArrayList<>();
        for (LoadReport l : r.input().reports()) {
            files.add(List.<Object>of(l.file().getFileName().toString(), l.format(), l.rows(), l.accepted(), l.rejected(),
                    l.rejectedByReason().isEmpty() ? "" : l.rejectedByReason().toString()));
        }
        h.table(List.of("file", "format", "rows", "accepted", "rejected", "rejected by reason"), files);
        table(h, r.table(Query.OVERVIEW));
        ResultTable daily = r.table(Query.DAILY_TRAFFIC);
        h.section("Traffic per day");
        h.bars("page views per day", labels(daily, "day"), values(daily, "pv"));
        h.bars("unique visitors (users with a page view) per day", labels(daily, "day"), values(daily, "uv"));
        table(h, daily);
        ResultTable hourly = r.table(Query.HOURLY_TRAFFIC);
        h.section("Traffic per hour of the day");
        h.bars("page views per hour, all days", labels(hourly, "hour"), values(hourly, "pv"));
        table(h, hourly);
        ResultTable f = r.table(Query.FUNNEL);
        h.section("Funnel");
        h.bars("users at each stage (nested)", List.of("viewed", "carted or favourited", "bought"),
                List.of(f.getLong(0, "pv_users"), f.getLong(0, "cart_fav_users"), f.getLong(0, "buy_users")));
        table(h, f);
        table(h, r.table(Query.FUNNEL_DAILY));
        ResultTable ret = r.table(Query.RETENTION);
        h.section("Retention");
        List<String> firstCohort = new ArrayList<>();
        List<Double> firstRates = new ArrayList<>();
        for (int i = 0; i < ret.size() && ret.get(i, "cohort_day").equals(ret.get(0, "cohort_day")); i++) {
            firstCohort.add("day " + ret.getLong(i, "day_n"));
            firstRates.add(ret.getDouble(i, "retention"));
        }
        if (!ret.rows().isEmpty()) {
            h.bars("day-N retention of the first cohort (" + ret.get(0, "cohort_day") + ")", firstCohort, firstRates);
        }
        table(h, ret);
        table(h, r.table(Query.REPURCHASE));
        for (Query q : List.of(Query.TOP_ITEMS_BY_VIEWS, Query.TOP_ITEMS_BY_SALES, Query.TOP_CATEGORIES_BY_VIEWS,
                Query.TOP_CATEGORIES_BY_SALES)) {
            table(h, r.table(q));
        }
        ResultTable seg = r.table(Query.RFM_SEGMENTS);
        h.section("RFM segments");
        h.bars("buyers per segment", labels(seg, "segment"), values(seg, "users"));
        table(h, seg);
        table(h, r.table(Query.BASKET));
        ResultTable sales = r.table(Query.SALES_DAILY);
        h.section("Sales per day");
        h.bars(r.options().hasPrices() ? "revenue per day" : "items sold per day", labels(sales, "day"),
                values(sales, r.options().hasPrices() ? "revenue" : "units"));
        table(h, sales);
        h.note("Large tables (funnel per category, RFM per buyer) are in their CSV and Parquet files only.");
        h.write(file);
    }

    private static void table(HtmlReport h, ResultTable t) {
        h.section(t.name().replace('_', ' '));
        h.note(Query.byTable(t.name()).description());
        h.table(t.columns().stream().map(ResultTable.Column::name).toList(), t.rows());
    }

    private static List<String> labels(ResultTable t, String column) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            l.add(String.valueOf(t.get(i, column)));
        }
        return l;
    }

    private static List<Double> values(ResultTable t, String column) {
        List<Double> l = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            l.add(t.getDouble(i, column));
        }
        return l;
    }
}
