package io.podyard.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podyard.client.Timestamps;
import io.podyard.controllers.runtime.Controller;
import io.podyard.controllers.runtime.ControllerContext;
import io.podyard.controllers.runtime.EventHandlers;
import io.podyard.controllers.runtime.ObjectKey;
import io.podyard.controllers.runtime.Result;
import io.podyard.controllers.runtime.RunnableController;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' csrapproving and csrsigning controllers in one: approves nodes' client certificate
 * requests and signs approved client requests with the cluster CA (see {@link CsrDecisions}), so
 * a machine joining with a bootstrap token gets its own credential without anyone stepping in.
 */
public final class CsrSigningController implements RunnableController {
    public static final String NAME = "csrsigning-controller";

    private final ControllerContext ctx;
    private final CertificateAuthority authority;
    private final Controller<String> loop;

    public CsrSigningController(ControllerContext ctx, CertificateAuthority authority) {
        this.ctx = ctx;
        this.authority = authority;
        this.loop = ctx.controller(NAME, this::reconcile);
        ctx.informers().addHandler(CertificateSigningRequest.class, EventHandlers.onAny(
                csr -> loop.enqueue(csr.getMetadata().getName())));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void close() {
        loop.close();
    }

    private Result reconcile(String name) {
        Optional<CertificateSigningRequest> found = ctx.informers().get(CertificateSigningRequest.class,
                new ObjectKey(null, name));
        if (found.isEmpty()) {
            return Result.done();
        }
        CertificateSigningRequest csr = found.get();
        var csrs = ctx.client().certificates().v1().certificateSigningRequests().withName(name);
        try {
            switch (CsrDecisions.decide(csr, authority::subject)) {
                case CsrDecisions.Decision.Approve approve -> csrs.approve(condition("Approved", "AutoApproved",
                        CsrDecisions.KUBELET_SERVING.equals(csr.getSpec().getSignerName())
                                ? "Auto approving the node's own serving certificate."
                                : "Auto approving kubelet client certificate after SubjectAccessReview."));
                case CsrDecisions.Decision.Sign sign -> {
                    String pem = new String(Base64.getDecoder().decode(csr.getSpec().getRequest()),
                            StandardCharsets.US_ASCII);
                    String certificate = authority.sign(pem, sign.validity(), sign.serving());
                    csrs.updateStatus(new CertificateSigningRequestBuilder(csr).editStatus()
                            .withCertificate(Base64.getEncoder().encodeToString(
                                    certificate.getBytes(StandardCharsets.US_ASCII)))
                            .endStatus().build());
                }
                case CsrDecisions.Decision.Fail fail -> {
                    List<CertificateSigningRequestCondition> conditions = new ArrayList<>(
                            csr.getStatus() == null || csr.getStatus().getConditions() == null ? List.of()
                                    : csr.getStatus().getConditions());
                    conditions.add(condition("Failed", fail.reason(), fail.message()));
                    csrs.updateStatus(new CertificateSigningRequestBuilder(csr).editOrNewStatus()
                            .withConditions(conditions).endStatus().build());
                }
                case CsrDecisions.Decision.Nothing nothing -> {
                }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 409) {
                return Result.done(); // gone, or changed under us: the informer brings the new state
            }
            throw e;
        }
        return Result.done();
    }

    private CertificateSigningRequestCondition condition(String type, String reason, String message) {
        String now = Timestamps.format(ctx.clock().instant());
        return new CertificateSigningRequestConditionBuilder().withType(type).withStatus("True").withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(now).build();
    }
}
