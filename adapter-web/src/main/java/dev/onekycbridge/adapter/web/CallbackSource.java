package dev.onekycbridge.adapter.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides where a callback comes from and whether that source may call back. The direct peer is the source,
 * unless it is a trusted proxy: then {@code X-Forwarded-For} is read from the right, skipping trusted proxies,
 * and the first address that is not one is the source. Anything a client wrote further left is not believed.
 */
final class CallbackSource {
    private final List<CidrBlock> allowed;
    private final List<CidrBlock> trustedProxies;

    CallbackSource(List<String> allowedCidrs, List<String> trustedProxyCidrs) {
        this.allowed = allowedCidrs.stream().map(block -> CidrBlock.parse(block, "allowedCallbackCidrs")).toList();
        this.trustedProxies = trustedProxyCidrs.stream().map(block -> CidrBlock.parse(block, "trustedProxies"))
                .toList();
    }

    /** Whether any source may call back: no allow-list is configured. */
    boolean allowsAny() {
        return allowed.isEmpty();
    }

    boolean allows(String peer, List<String> forwardedFor) {
        if (allowed.isEmpty()) {
            return true;
        }
        IpLiteral client = client(peer, forwardedFor);
        return client != null && allowed.stream().anyMatch(block -> block.contains(client));
    }

    /** The client's address, or null when it cannot be told (an unreadable peer or forwarded element). */
    IpLiteral client(String peer, List<String> forwardedFor) {
        IpLiteral direct = IpLiteral.parse(peer);
        if (direct == null || !trusted(direct)) {
            return direct;
        }
        List<String> chain = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String element : header.split(",")) {
                if (!element.isBlank()) {
                    chain.add(element);
                }
            }
        }
        IpLiteral client = direct;
        for (int i = chain.size() - 1; i >= 0; i--) {
            IpLiteral hop = IpLiteral.parseForwarded(chain.get(i));
            if (hop == null) {
                return null;
            }
            client = hop;
            if (!trusted(hop)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(IpLiteral address) {
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }
}
