package io.shoplens.core.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shoplens.core.data.InteractionStore;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {
    private final InteractionStore all = SplitFixtures.tiny();

    private int user(long id) {
        return all.users().indexOf(id);
    }

    private int item(long id) {
        return all.items().indexOf(id);
    }

    @Test
    void lastIsTestSecondLastIsValidationRestIsTrain() {
        Split s = new LeaveOneOut().split(all);
        assertArrayEquals(new int[] {user(1), user(3)}, s.test().users());
        assertArrayEquals(new int[] {item(13)}, s.test().targets()[0]);
        assertArrayEquals(new int[] {item(12)}, s.validation().targets()[0]);
        assertArrayEquals(new int[] {item(15)}, s.test().targets()[1]);
        assertArrayEquals(new int[] {item(11)}, s.validation().targets()[1]);
        assertArrayEquals(new int[] {item(10), item(11)}, s.train().userItems(user(1)));
        assertArrayEquals(new int[] {item(12), item(10), item(14)}, s.train().userItems(user(3)));
        assertArrayEquals(new int[] {item(10), item(11), item(12)}, s.trainAndValidation().userItems(user(1)));
    }

    @Test
    void shortUsersStayInTrainAndAreNotEvaluated() {
        Split s = new LeaveOneOut().split(all);
        assertArrayEquals(new int[] {item(10), item(11)}, s.train().userItems(user(2)));
        assertEquals(2, s.test().size());
        assertEquals(all.numEvents(), s.train().numEvents() + s.validation().totalTargets()
                + s.test().totalTargets());
    }

    @Test
    void keepsTheIdSpace() {
        Split s = new LeaveOneOut().split(all);
        assertEquals(all.numItems(), s.train().numItems());
        assertEquals(all.numUsers(), s.train().numUsers());
    }

    @Test
    void minEventsIsRaisedByTheUser() {
        Split s = new LeaveOneOut(5).split(all);
        assertArrayEquals(new int[] {user(3)}, s.test().users());
        assertThrows(IllegalArgumentException.class, () -> new LeaveOneOut(2));
    }
}
