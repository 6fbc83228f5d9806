package dev.onekycbridge.app;

import dev.onekycbridge.app.config.BridgeConfig;
import dev.onekycbridge.core.port.in.FlowNotConfiguredException;
import dev.onekycbridge.core.port.out.OneKycPlatform;
import dev.onekycbridge.core.port.out.SubmissionRef;
import dev.onekycbridge.core.port.out.UploadUrls;
import dev.onekycbridge.core.submission.FlowType;
import dev.onekycbridge.core.submission.IdentityVerificationInput;
import dev.onekycbridge.core.submission.PlatformReport;
import dev.onekycbridge.core.submission.SubmissionInput;
import dev.onekycbridge.core.submission.VerificationLaunch;
import java.util.Optional;
import java.util.Set;

/**
 * The OneKYC client as the deployment configured it: a call for a submission of a flow it does not run (one stored
 * before its onboarding partner was removed, then reconciled or polled) is refused naming the setting that runs the
 * flow, as a start of that flow is. The client knows its own settings' names, not the deployment's.
 */
final class ConfiguredFlowsPlatform implements OneKycPlatform {
    private final OneKycPlatform client;
    private final Set<FlowType> flows;

    ConfiguredFlowsPlatform(OneKycPlatform client, Set<FlowType> flows) {
        this.client = client;
        this.flows = Set.copyOf(flows);
    }

    @Override
    public UploadUrls requestUploadUrls(SubmissionRef ref) {
        return configured(ref).requestUploadUrls(ref);
    }

    @Override
    public void confirm(SubmissionRef ref, SubmissionInput input) {
        configured(ref).confirm(ref, input);
    }

    @Override
    public Optional<PlatformReport> fetchResult(SubmissionRef ref) {
        return configured(ref).fetchResult(ref);
    }

    @Override
    public VerificationLaunch initiateVerification(SubmissionRef ref, IdentityVerificationInput input) {
        return configured(ref).initiateVerification(ref, input);
    }

    private OneKycPlatform configured(SubmissionRef ref) {
        if (!flows.contains(ref.flow())) {
            throw new FlowNotConfiguredException(ref.flow(), BridgeConfig.onboardingPartnerKey(ref.flow()));
        }
        return client;
    }
}
