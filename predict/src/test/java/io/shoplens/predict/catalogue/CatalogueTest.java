package io.shoplens.predict.catalogue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.predict.tabular.GbtParams;
import io.shoplens.predict.tabular.GbtTrainer;
import io.shoplens.predict.tabular.MlpParams;
import io.shoplens.predict.tabular.MlpTrainer;
import io.shoplens.predict.tabular.Table;
import io.shoplens.predict.tabular.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
    private static final MlpParams MLP = new MlpParams(List.of(64), 30, 128, 3e-3, 0, 0.1, 4, 1, 5);
    @TempDir
    Path dir;

    @Test
    void generatedCataloguesAreDeterministicAndValid() {
        Catalogue a = CatalogueGenerator.generate(500, 10, 3);
        Catalogue b = CatalogueGenerator.generate(500, 10, 3);
        assertEquals(a, b);
        assertEquals(500, a.size());
        assertTrue(a.items().stream().allMatch(it -> it.title().startsWith("brand") && it.price() > 0));
        assertTrue(a.items().stream().map(Catalogue.Item::category).distinct().count() >= 8);
    }

    @Test
    void titleModelsBeatTheMajorityClassAndTheCategoryMedian() {
        Catalogue c = CatalogueGenerator.generate(4000, 20, 7);
        CatalogueExperiment e = CatalogueExperiment.defaults();
        CatalogueExperiment.Report cat = e.category(c, "gen", List.of(new MlpTrainer(MLP)));
        double majority = cat.model("majority-class").testAccuracy();
        double mlp = cat.model("mlp").testAccuracy();
        assertTrue(mlp > majority + 0.3, "mlp accuracy " + mlp + " vs majority " + majority);
        CatalogueExperiment.Report price = e.price(c, "gen",
                List.of(new GbtTrainer(new GbtParams(400, 4, 0.1, 0.8, 0.8, 1, 1, 20, 1, 3))));
        double base = price.model(CategoryMedianTrainer.NAME).testMae();
        double gbt = price.model(GbtParams.NAME).testMae();
        assertTrue(gbt < 0.8 * base, "xgboost price MAE " + gbt + " vs category median " + base);
        assertTrue(price.model(GbtParams.NAME).testMape() < price.model(CategoryMedianTrainer.NAME).testMape());
    }

    @Test
    void theCategoryMedianSavesLoadsAndNeedsCategoryColumns() {
        Catalogue c = CatalogueGenerator.generate(600, 6, 9);
        CatalogueExperiment.Parts p = CatalogueExperiment.defaults().split(c);
        Table train = p.features().priceTable(p.train(), "x");
        Table test = p.features().priceTable(p.test(), "x");
        CategoryMedianModel m = new CategoryMedianTrainer().train(train, train);
        Path f = dir.resolve("median.model");
        m.save(f);
        assertArrayEquals(m.predictFirst(test), CategoryMedianModel.load(f).predictFirst(test), 0);
        Table noCategory = p.features().categoryTable(p.train(), "x");
        Table asRegression = new Table(noCategory.featureNames(), noCategory.x(), noCategory.y(), Task.REGRESSION, 1,
                "x");
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new CategoryMedianTrainer().train(asRegression, asRegression));
        assertTrue(ex.getMessage().contains("'cat=' columns"), ex.getMessage());
    }

    @Test
    void aLoadedCatalogueSkipsItemsWithoutPriceOrTitle() throws IOException {
        Path items = dir.resolve("items.csv");
        Files.writeString(items, "item,category,price,title,image\n1,10,5.50,red cotton shirt,\n2,10,,blue shirt,\n"
                + "3,11,3.00,,\n4,11,7.25,steel cup x2,\n");
        Path events = dir.resolve("events.csv");
        Files.writeString(events, "7,1,10,pv,1511658000\n");
        Dataset d = DatasetLoader.load(new DatasetLoader.Source(events, EventFormat.TAOBAO, items, null),
                LoadOptions.defaults(dir.resolve("q")));
        int[] skipped = new int[1];
        Catalogue c = Catalogue.of(d.catalog(), d.events().items(), d.events().categories(), skipped);
        assertEquals(2, c.size());
        assertEquals(2, skipped[0]);
        assertEquals("steel cup x2", c.items().get(1).title());
        int[] skippedToo = new int[1];
        Catalogue direct = Catalogue.read(items, LoadOptions.defaults(dir.resolve("q2")), skippedToo);
        assertEquals(c, direct);
        assertEquals(2, skippedToo[0]);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> new Catalogue.Item("9", "c", Double.NaN, "t"));
        assertTrue(ex.getMessage().contains("price NaN"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> CatalogueExperiment.defaults()
                .split(new Catalogue(List.of(new Catalogue.Item("1", "c", 1, "t")))));
        assertTrue(ex.getMessage().contains("too small"), ex.getMessage());
    }
}
