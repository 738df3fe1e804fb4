package io.shoplens.recommend.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Behavior;
import io.shoplens.core.data.IdMap;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.data.InteractionStoreBuilder;
import io.shoplens.core.data.ItemCatalog;
import io.shoplens.core.data.UserHistory;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TitleTokenizerTest {
    private final TitleTokenizer bigrams = new TitleTokenizer(ContentParams.Cjk.BIGRAM);
    private final TitleTokenizer chars = new TitleTokenizer(ContentParams.Cjk.CHAR);

    @Test
    void splitsOnNonLettersAndLowerCases() {
        assertEquals(List.of("free", "shipping", "2017", "café", "x2"), bigrams.tokens("Free-Shipping 2017, CAFÉ x2!"));
        assertEquals(List.of(), bigrams.tokens(null));
        assertEquals(List.of(), bigrams.tokens(" -- "));
    }

    @Test
    void cutsChineseRunsIntoBigramsOrCharacters() {
        assertEquals(List.of("iphone", "手机", "机壳", "包", "邮"), bigrams.tokens("iPhone手机壳 包/邮"));
        assertEquals(List.of("iphone", "手", "机", "壳"), chars.tokens("iPhone手机壳"));
        assertEquals(List.of("ポケ", "ケモ", "モン", "카드"), bigrams.tokens("ポケモン 카드"),
                "kana is cut like Han; Hangul is spaced and kept whole");
    }

    @Test
    void theDottedCapitalIStaysOneLetter() {
        assertEquals(List.of("istanbul", "kilim"), bigrams.tokens("\u0130STANBUL K\u0130L\u0130M"));
    }

    @Property(tries = 200)
    void tokensAreNonEmptyLowerCaseLettersAndDigits(@ForAll String title) {
        for (TitleTokenizer t : List.of(bigrams, chars)) {
            for (String token : t.tokens(title)) {
                assertTrue(!token.isEmpty() && token.codePoints().allMatch(Character::isLetterOrDigit), token);
                assertEquals(token.toLowerCase(java.util.Locale.ROOT), token);
            }
        }
    }

    @Test
    void chineseTitlesMatchOnSharedBigrams() {
        IdMap items = new IdMap("item");
        IdMap categories = new IdMap("category");
        ItemCatalog.Builder catalog = new ItemCatalog.Builder();
        catalog.set(items.intern(1), -1, Float.NaN, "红色纯棉衬衫", null);
        catalog.set(items.intern(2), -1, Float.NaN, "蓝色纯棉衬衫", null);
        catalog.set(items.intern(3), -1, Float.NaN, "不锈钢菜刀", null);
        catalog.set(items.intern(4), -1, Float.NaN, "不锈钢水果刀", null);
        InteractionStoreBuilder b = new InteractionStoreBuilder(new IdMap("user"), items, categories);
        b.event("u", "1", null, Behavior.PV, 1_500_000_000L);
        InteractionStore s = b.build();
        ContentModel m = new ContentTrainer(ContentParams.from(Map.of("threads", "1")))
                .train(new TrainingData(s, catalog.build(s.numItems()), "zh"));
        assertTrue(m.vocabulary().containsAll(List.of("纯棉", "衬衫", "不锈", "锈钢")), m.vocabulary().toString());
        List<ScoredItem> top = m.recommend(UserHistory.ofItems(0, 0), 3, i -> i == 0);
        assertEquals(1, top.get(0).item(), "the blue cotton shirt");
        assertEquals(0f, top.get(1).score(), "knives share no bigram with the shirt");
    }
}
