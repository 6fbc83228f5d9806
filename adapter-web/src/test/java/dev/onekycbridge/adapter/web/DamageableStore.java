package dev.onekycbridge.adapter.web;

import dev.onekycbridge.core.identity.PartnerUser;
import dev.onekycbridge.core.port.out.StoredDataUnreadableException;
import dev.onekycbridge.core.port.out.SubmissionStore;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.Submission;
import dev.onekycbridge.core.submission.SubmissionId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store whose rows a test can damage, as a flipped bit or a row restored from another database would: every
 * lookup that finds a damaged submission fails as the real store's decryption does (its key is configured and does
 * not open the row), whichever way it was looked up.
 */
final class DamageableStore implements SubmissionStore {
    private final SubmissionStore delegate;
    private final Set<SubmissionId> damaged = ConcurrentHashMap.newKeySet();

    DamageableStore(SubmissionStore delegate) {
        this.delegate = delegate;
    }

    /** From now on the stored submission cannot be read. */
    void damage(SubmissionId id) {
        damaged.add(id);
    }

    @Override
    public Submission insert(Submission submission) {
        return delegate.insert(submission);
    }

    @Override
    public Submission save(Submission submission) {
        return delegate.save(submission);
    }

    @Override
    public Optional<Submission> findById(SubmissionId id) {
        return readable(delegate.findById(id));
    }

    @Override
    public Optional<Submission> findByPlatformSubmissionId(String platformSubmissionId) {
        return readable(delegate.findByPlatformSubmissionId(platformSubmissionId));
    }

    @Override
    public Optional<Submission> findByPartnerSessionId(String partnerSessionId) {
        return readable(delegate.findByPartnerSessionId(partnerSessionId));
    }

    @Override
    public Optional<Submission> findActive(FlowType flow, PartnerUser partnerUser) {
        return readable(delegate.findActive(flow, partnerUser));
    }

    @Override
    public Optional<Submission> findByIdempotencyKey(String idempotencyKey) {
        return readable(delegate.findByIdempotencyKey(idempotencyKey));
    }

    private Optional<Submission> readable(Optional<Submission> found) {
        if (found.isPresent() && damaged.contains(found.get().id())) {
            // Worded as the real store words it: where the value lives and the key id, never a value.
            throw new StoredDataUnreadableException("stored data in submissions.personal|" + found.get().id().value()
                    + " under data key 'key-1', which is configured, does not decrypt under it", "key-1",
                    StoredDataUnreadableException.Kind.DAMAGED);
        }
        return found;
    }
}
