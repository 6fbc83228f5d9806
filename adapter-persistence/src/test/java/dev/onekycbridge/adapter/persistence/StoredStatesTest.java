package dev.onekycbridge.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.core.submission.SubmissionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredStatesTest {
    private static final StoredState CREATED = new StoredState(SubmissionStatus.CREATED, Map.of(), List.of());
    private static final StoredState INITIATED = new StoredState(SubmissionStatus.INITIATED, Map.of(), List.of());

    private final StoredStates states = new StoredStates();

    @Test
    void aRememberedStateIsTakenOnceForItsVersion() {
        states.remember("s-1", 1, CREATED);

        assertThat(states.take("s-1", 1)).contains(CREATED);
        assertThat(states.take("s-1", 1)).isEmpty();
    }

    @Test
    void anotherVersionFindsNothingAndForgetsTheEntry() {
        states.remember("s-1", 2, INITIATED);

        assertThat(states.take("s-1", 1)).isEmpty();
        assertThat(states.take("s-1", 2)).isEmpty();
    }

    @Test
    void aLaterVersionReplacesAnEarlierOne() {
        states.remember("s-1", 1, CREATED);
        states.remember("s-1", 2, INITIATED);

        assertThat(states.size()).isEqualTo(1);
        assertThat(states.take("s-1", 2)).contains(INITIATED);
    }

    @Test
    void theLeastRecentlyUsedEntriesGoBeyondTheCapacity() {
        for (int i = 0; i < StoredStates.CAPACITY; i++) {
            states.remember("s-" + i, 1, CREATED);
        }
        states.remember("s-0", 1, CREATED); // used again: the oldest now is s-1
        states.remember("one-more", 1, CREATED);

        assertThat(states.size()).isEqualTo(StoredStates.CAPACITY);
        assertThat(states.take("s-1", 1)).isEmpty();
        assertThat(states.take("s-0", 1)).contains(CREATED);
        assertThat(states.take("one-more", 1)).contains(CREATED);
    }
}
